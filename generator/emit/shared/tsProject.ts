// ts-morph plumbing shared by the TypeScript emitters: one in-memory project,
// files printed with the generated header and a stable layout.
import { IndentationText, NewLineKind, Project, QuoteKind, type SourceFile } from 'ts-morph';
import { type GeneratedFile, generatedHeader } from './files.js';
import { TsFileBuilder } from './tsBuilder.js';

export function newTsProject(): Project {
  return new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      newLineKind: NewLineKind.LineFeed,
      quoteKind: QuoteKind.Single,
      useTrailingCommas: true,
    },
  });
}

export function createTsFile(_project: Project, path: string): TsFileBuilder {
  return new TsFileBuilder(path);
}

/**
 * A printed file with the generated header. Emitters print TypeScript as its
 * formatter lays it out, so no formatting pass runs here (it was most of the
 * generator's time); tests/generator/formatted.test.ts checks that the pass
 * would change nothing in any generated .ts file.
 */
export function tsFileOutput(path: string, built: TsFileBuilder | SourceFile): GeneratedFile {
  const file =
    built instanceof TsFileBuilder
      ? newTsProject().createSourceFile(`/${path}`, { statements: built.statements }, { overwrite: true })
      : built;
  return { path, content: `${generatedHeader('slash')}\n${file.getFullText().trimEnd()}\n` };
}

/** Doc text made safe for a doc comment (ts-morph adds the comment framing). */
export function docText(text: string): string {
  return text.trim().replace(/\*\//g, '*\\/');
}
