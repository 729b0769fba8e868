// The one error type for certificate and key files that cannot be used, so every caller (start,
// SIGHUP, `cert import`, `cert list`) can name the file to fix.

/** A certificate or key file that cannot be used; `file` is its absolute path. */
export class TlsFileError extends Error {
  readonly file: string;
  constructor(file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'TlsFileError';
    this.file = file;
  }
}
