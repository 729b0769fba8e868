// Base subject extraction (RFC 5256 §2.1), shared by SORT SUBJECT and both THREAD algorithms: encoded
// words decoded, white space collapsed, trailers "(fwd)" and leaders "Re:", "Fwd:", "[blob]" removed
// until nothing changes, and "[fwd: …]" unwrapped. `isReply` records whether a leader or the
// "[fwd:" wrapper was removed, which THREAD=REFERENCES uses when it merges by subject (RFC 5256 §3 5.B).
import { decodeEncodedWords } from '../../mime/index.ts';

export interface BaseSubject {
  readonly subject: string;
  readonly isReply: boolean;
}

/** subj-trailer = "(fwd)" / WSP (RFC 5256 §5). */
const TRAILER = /(?:\(fwd\)|\s)$/i;
/** subj-blob = "[" *BLOBCHAR "]" *WSP. */
const BLOB = /^\[[^[\]]*\]\s*/;
/** subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":", after any number of blobs. */
const REFWD = /^(?:\[[^[\]]*\]\s*)*(?:re|fwd?)\s*(?:\[[^[\]]*\]\s*)?:/i;
const FWD_HEADER = /^\[fwd:/i;

export function baseSubject(raw: string | null): BaseSubject {
  // Step 1: decoded, tabs and folding as spaces, runs of spaces as one.
  let subject = decodeEncodedWords(raw ?? '').replace(/\s+/g, ' ');
  let isReply = false;
  for (;;) {
    // Step 2: trailers.
    while (TRAILER.test(subject)) subject = subject.replace(TRAILER, '');
    // Steps 3–5: leaders and blobs until stable.
    for (;;) {
      const before = subject;
      subject = subject.replace(/^\s+/, '');
      const refwd = REFWD.exec(subject);
      if (refwd !== null) {
        subject = subject.slice(refwd[0].length);
        isReply = true;
      }
      const blob = BLOB.exec(subject);
      // Step 4: a blob goes only when something remains after it.
      if (blob !== null && subject.length > blob[0].length) subject = subject.slice(blob[0].length);
      if (subject === before) break;
    }
    // Step 6: "[fwd:" subject "]".
    if (FWD_HEADER.test(subject) && subject.endsWith(']')) {
      subject = subject.slice(5, -1);
      isReply = true;
      continue;
    }
    return { subject, isReply };
  }
}

/** i;ascii-casemap (RFC 4790 §9.2): only ASCII letters fold, so collation is stable across clients. */
export function asciiCasemap(text: string): string {
  return text.replace(/[a-z]/g, (c) => c.toUpperCase());
}
