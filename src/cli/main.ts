// Entry point of the `mailstead` executable (bin/mailstead.js runs its compiled form).
import './threadpool.ts';
import { runCli } from './program.ts';

// `mailstead account list | head -1`: a reader that stops early is not a failure of the command, whose
// exit code stays its own; anything else on stdout is.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
});

process.exitCode = await runCli(process.argv.slice(2));
