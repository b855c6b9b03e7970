// ts-morph plumbing shared by the TypeScript emitters: one in-memory project,
// files printed with the generated header and a stable layout.
import { IndentationText, NewLineKind, Project, QuoteKind, type SourceFile, ts } from 'ts-morph';
import { type GeneratedFile, generatedHeader } from './files.js';

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

export function createTsFile(project: Project, path: string): SourceFile {
  return project.createSourceFile(`/${path}`, '', { overwrite: true });
}

export function tsFileOutput(path: string, file: SourceFile): GeneratedFile {
  // Writers nest initializer blocks loosely; one formatting pass makes layout stable and tidy.
  file.formatText({ indentSize: 2, convertTabsToSpaces: true, semicolons: ts.SemicolonPreference.Insert });
  return { path, content: generatedHeader('slash') + '\n' + file.getFullText().trimEnd() + '\n' };
}

/** Doc text made safe for a doc comment (ts-morph adds the comment framing). */
export function docText(text: string): string {
  return text.trim().replace(/\*\//g, '*\\/');
}
