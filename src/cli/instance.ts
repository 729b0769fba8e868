// Opening an existing instance directory for one command: the config must load (so a typo in --dir
// says "no mailstead.toml" instead of creating an empty database there), then the store is opened
// and always closed again.
import { loadConfig } from '../config/index.ts';
import { silentLogger } from '../log/index.ts';
import type { MailService } from '../mail/index.ts';
import { openMailService } from '../server/index.ts';

export async function withMailService<T>(dir: string, fn: (mail: MailService) => Promise<T>): Promise<T> {
  loadConfig(dir);
  const mail = await openMailService(dir, silentLogger());
  try {
    return await fn(mail);
  } finally {
    await mail.close();
  }
}
