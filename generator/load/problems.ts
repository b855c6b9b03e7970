import type { SourceLoc } from '../model/spec.js';

/** One thing wrong with the spec, reported as `file:line: message`. */
export interface Problem extends SourceLoc {
  message: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}

/** Thrown by the loader when the spec has problems; carries all of them. */
export class SpecError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'SpecError';
  }
}

/** Collects problems; a schema failure inside one entry does not hide the others. */
export class ProblemLog {
  readonly problems: Problem[] = [];

  add(loc: SourceLoc, message: string): void {
    this.problems.push({ file: loc.file, line: loc.line, message });
  }

  /** Runs `fn`; a thrown Abort is already logged and only ends that entry. */
  guard<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (e instanceof Abort) return undefined;
      throw e;
    }
  }

  throwIfAny(): void {
    if (this.problems.length > 0) throw new SpecError(this.problems);
  }
}

/** Unwinds one entry after its problem was logged. */
export class Abort extends Error {}
