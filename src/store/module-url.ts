// URLs of modules loaded at run time (the writer thread, the write-operations module). The same code
// runs from src/*.ts (Node strips the types) and from the compiled dist/*.js, so the extension of a
// sibling module is the extension of the module asking for it.

/** `moduleUrl(import.meta.url, './writer-thread')` → `…/writer-thread.ts` or `…/writer-thread.js`. */
export function moduleUrl(base: string, pathWithoutExtension: string): URL {
  const extension = new URL(base).pathname.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`${pathWithoutExtension}${extension}`, base);
}
