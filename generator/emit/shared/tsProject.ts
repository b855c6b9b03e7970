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

export function tsFileOutput(path: string, built: TsFileBuilder | SourceFile): GeneratedFile {
  const file =
    built instanceof TsFileBuilder
      ? newTsProject().createSourceFile(`/${path}`, { statements: built.statements }, { overwrite: true })
      : built;
  // Writers nest initializer blocks loosely; one formatting pass makes layout stable and tidy.
  // The formatted text is read from the language service rather than written back
  // into the file (file.formatText): the same text, without ts-morph re-parsing the
  // file and re-mapping every node it has wrapped, which cost most of the pass.
  const text = file.getProject().getLanguageService().getFormattedDocumentText(file.getFilePath(), {
    indentSize: 2,
    convertTabsToSpaces: true,
    semicolons: ts.SemicolonPreference.Insert,
  });
  return { path, content: `${generatedHeader('slash')}\n${text.trimEnd()}\n` };
}

/** Doc text made safe for a doc comment (ts-morph adds the comment framing). */
export function docText(text: string): string {
  return text.trim().replace(/\*\//g, '*\\/');
}
