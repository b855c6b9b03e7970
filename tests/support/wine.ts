// Wine's own defects: where Wine does not do what Windows documents. A test that
// meets one is skipped under Wine only, by its name, with a title that says what
// Wine does and what the Windows documentation says instead; on real Windows
// (and everywhere else) it runs. Keep this list short: a difference that real
// Windows has too is a Windows difference, and belongs in the spec.
import { createRequire } from 'node:module';

/**
 * Wine's version when this process runs under Wine, else undefined. ntdll's
 * `wine_get_version` export is the documented way to tell (Wine's FAQ); real
 * Windows has no such export.
 */
export const WINE_VERSION: string | undefined = (() => {
  if (process.platform !== 'win32') return undefined;
  try {
    const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
    return koffi.load('ntdll.dll').func('const char* wine_get_version()')() as string;
  } catch {
    return undefined;
  }
})();

export interface WineDefect {
  /** What Wine does. */
  wine: string;
  /** What Windows documents, and where. */
  windows: string;
  /** The names (or name prefixes) of the tests that meet it. */
  tests: readonly string[];
}

export const WINE_DEFECTS: Readonly<Record<string, WineDefect>> = {
  getservbyportSignedPort: {
    wine: "ws2_32's getservbyport compares the network-order port as a signed short, so a port whose high byte there is 0x80 or more (443, 389) is never found (NULL, WSANO_DATA)",
    windows:
      "getservbyport (winsock2.h docs) returns the services-file entry for any port in network byte order; Windows' services file lists 443/tcp as https",
    tests: [
      "getServByPort(Port(443), 'tcp').name returns 'https'",
      'https (443) in host byte order both ways',
      'getServByPortAsync(Port(443)) gives what getServByPort gives',
    ],
  },
  denoDoesNotStart: {
    wine: "Deno's Windows build aborts before it runs any script: V8 reports 'Fatal process out of memory: SegmentedTable::InitializeTable (subspace allocation)' (deno.exe is therefore not installed under Wine)",
    windows: "Deno's installation docs list Windows x64 (10 and later) among the platforms deno.exe runs on",
    tests: ['on deno'],
  },
  recvfromShortAddress: {
    wine: 'recvfrom with a fromlen too small for the sender address returns the datagram and sets fromlen to -1',
    windows:
      'recvfrom (winsock2.h docs) fails with WSAEFAULT when the fromlen parameter is too small to hold the source address',
    tests: ['UDP recvfrom with room for part of the sender address'],
  },
};

/** Why `testName` is skipped here: under Wine, when it meets one of WINE_DEFECTS; otherwise undefined. */
export function wineSkipReason(testName: string): string | undefined {
  if (WINE_VERSION === undefined) return undefined;
  for (const [id, d] of Object.entries(WINE_DEFECTS)) {
    if (d.tests.some((t) => testName.startsWith(t)))
      return `skipped under Wine ${WINE_VERSION}, Wine defect ${id}: ${d.wine}; Windows: ${d.windows}`;
  }
  return undefined;
}

/** A test name with the Wine skip reason appended when it has one, for `test.skipIf(wineSkipReason(name))`. */
export function nameWithWineReason(testName: string): string {
  const why = wineSkipReason(testName);
  return why ? `${testName} [${why}]` : testName;
}

/**
 * Bun's line for a failed consistency check of its directory cache, which Bun
 * 1.4.5's Windows build prints under Wine 8 for every package.json and
 * tsconfig.json it resolves (Bun's own diagnostic: "You don't need to do
 * anything, but this indicates a bug"; oven-sh/bun#22023 has it on Windows
 * with --tsconfig-override).
 */
const BUN_DIRECTORY_MISMATCH =
  /^Internal error: directory mismatch for directory "[^"\n]*", fd \d+\[handle\]\. You don't need to do anything, but this indicates a bug\.\r?\n/gm;

/** A child's stderr without Bun's directory-mismatch lines, under Wine only; elsewhere as it is. */
export function stderrWithoutBunWineNoise(stderr: string): string {
  return WINE_VERSION === undefined ? stderr : stderr.replace(BUN_DIRECTORY_MISMATCH, '');
}
