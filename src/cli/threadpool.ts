// Imported first by main.ts: libuv reads UV_THREADPOOL_SIZE when its pool first starts, and blob
// fsyncs, DNS lookups and Argon2id hashing all share that pool; with the default 4 threads an fsync
// storm would queue logins and lookups behind it (DESIGN.md, Storage). An explicit setting wins.
process.env.UV_THREADPOOL_SIZE ??= '16';
