// ts-morph plumbing shared by the TypeScript emitters: one in-memory project,
// files printed with the generated header and a stable layout.
import { IndentationText, NewLineKind, Project, QuoteKind, type SourceFile, ts } from 'ts-morph';
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
 * A printed file with the generated header. `formatted`: the emitter printed
 * it as TypeScript's formatter lays it out (tests/generator/formatted.test.ts
 * checks), so the pass, most of the generator's time, is skipped.
 */
export function tsFileOutput(
  path: string,
  built: TsFileBuilder | SourceFile,
  { formatted = false }: { formatted?: boolean } = {},
): GeneratedFile {
  const file =
    built instanceof TsFileBuilder
      ? newTsProject().createSourceFile(`/${path}`, { statements: built.statements }, { overwrite: true })
      : built;
  const text = formatted ? file.getFullText() : formattedText(file);
  return { path, content: `${generatedHeader('slash')}\n${text.trimEnd()}\n` };
}

/**
 * The file's text after one formatting pass: writers nest initializer blocks
 * loosely, and the pass makes the layout stable and tidy. The text is read from
 * the language service rather than written back into the file (file.formatText):
 * the same text, without ts-morph re-parsing the file and re-mapping every node
 * it has wrapped, which cost most of the pass.
 */
function formattedText(file: SourceFile): string {
  return file.getProject().getLanguageService().getFormattedDocumentText(file.getFilePath(), {
    indentSize: 2,
    convertTabsToSpaces: true,
    semicolons: ts.SemicolonPreference.Insert,
  });
}

/** `text` after the formatting pass of tsFileOutput, for the test that an emitter's `formatted` holds. */
export function formatTs(path: string, text: string): string {
  return formattedText(newTsProject().createSourceFile(`/${path}`, text, { overwrite: true }));
}

/** Doc text made safe for a doc comment (ts-morph adds the comment framing). */
export function docText(text: string): string {
  return text.trim().replace(/\*\//g, '*\\/');
}
