// Numeric address text to bytes, read here rather than by the C library so
// that every backend and platform accepts exactly the same text (as
// addressText.ts formats it the same): what POSIX inet_pton accepts, which is
// stricter than inet_aton (no `127.1`, no hex or octal parts, no leading
// zeros) and takes no IPv6 zone (`%eth0`).

/** The 4 bytes of dotted-decimal IPv4 text, or undefined when it is not exactly that. */
export function parseIPv4(text: string, into: Uint8Array = new Uint8Array(4), at = 0): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  for (let i = 0; i < 4; i++) {
    const part = parts[i]!;
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    into[at + i] = n;
  }
  return into;
}

/** The 16 bytes of IPv6 text (RFC 4291 section 2.2, an IPv4 tail allowed), or undefined. */
export function parseIPv6(text: string): Uint8Array | undefined {
  const out = new Uint8Array(16);
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string, last: boolean): number[] | undefined => {
    if (half === '') return [];
    const words = half.split(':');
    const groups: number[] = [];
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      if (last && i === words.length - 1 && w.includes('.')) {
        const v4 = parseIPv4(w);
        if (!v4) return undefined;
        groups.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(w)) {
        groups.push(parseInt(w, 16));
      } else {
        return undefined;
      }
    }
    return groups;
  };
  const head = groupsOf(halves[0]!, halves.length === 1);
  const tail = halves.length === 2 ? groupsOf(halves[1]!, true) : [];
  if (!head || !tail) return undefined;
  const count = head.length + tail.length;
  // Without `::` all 8 groups are written; with it, `::` stands for at least one zero group.
  if (halves.length === 1 ? count !== 8 : count > 7) return undefined;
  const groups = [...head, ...new Array<number>(8 - count).fill(0), ...tail];
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}
