// The typed commands the parser produces (RFC 1939 §4–7, RFC 2449 CAPA, RFC 2595 STLS, RFC 5034 AUTH,
// RFC 6856 UTF8). Message numbers are 1-based positions in the session's maildrop snapshot.

export const POP3_COMMAND_NAMES = ['USER', 'PASS', 'STAT', 'LIST', 'RETR', 'DELE', 'NOOP', 'RSET', 'QUIT', 'TOP', 'UIDL', 'CAPA', 'STLS', 'AUTH', 'UTF8'] as const;
export type Pop3CommandName = (typeof POP3_COMMAND_NAMES)[number];

export type Pop3Command =
  | { readonly name: 'USER'; readonly user: string }
  | { readonly name: 'PASS'; readonly password: string }
  | { readonly name: 'STAT' | 'NOOP' | 'RSET' | 'QUIT' | 'CAPA' | 'STLS' | 'UTF8' }
  | { readonly name: 'LIST' | 'UIDL'; readonly message: number | null }
  | { readonly name: 'RETR' | 'DELE'; readonly message: number }
  | { readonly name: 'TOP'; readonly message: number; readonly lines: number }
  /** `mechanism` null: bare AUTH lists the mechanisms; `initialResponse` '' for `=` (RFC 5034 §4). */
  | { readonly name: 'AUTH'; readonly mechanism: string | null; readonly initialResponse: string | null };

export type ParseResult = { readonly ok: true; readonly command: Pop3Command } | { readonly ok: false; readonly text: string };
