import { RangeSetBuilder, type Extension } from '@codemirror/state';
import {
  Decoration,
  ViewPlugin,
  type DecorationSet,
  type EditorView,
  type ViewUpdate,
} from '@codemirror/view';

const TAG = Decoration.mark({ class: 'tpl-tag' });
const COMMENT = Decoration.mark({ class: 'tpl-comment' });
// A tag never spans lines; `{{` and `}}` are escaped braces, not tags.
const TAG_PATTERN = /\{\{|\}\}|\{[^{}\n]*\}/g;

function decorate(view: EditorView): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  for (const { from, to } of view.visibleRanges) {
    const text = view.state.doc.sliceString(from, to);
    for (const match of text.matchAll(TAG_PATTERN)) {
      if (match[0] === '{{' || match[0] === '}}') continue;
      const start = from + match.index;
      builder.add(start, start + match[0].length, match[0].startsWith('{#') ? COMMENT : TAG);
    }
  }
  return builder.finish();
}

/** Highlights `{…}` tags and `{# comments}` of the template language. */
export function templateHighlighting(): Extension {
  return ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      constructor(view: EditorView) {
        this.decorations = decorate(view);
      }
      update(update: ViewUpdate) {
        if (update.docChanged || update.viewportChanged) this.decorations = decorate(update.view);
      }
    },
    { decorations: (plugin) => plugin.decorations },
  );
}
