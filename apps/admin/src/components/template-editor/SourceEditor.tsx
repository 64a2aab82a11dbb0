'use client';
import { lintGutter, setDiagnostics, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import { EditorView } from '@codemirror/view';
import type { Diagnostic } from '@message-center/templates';
import CodeMirror from '@uiw/react-codemirror';
import { useEffect, useMemo, useRef } from 'react';
import { templateHighlighting } from './highlight';

interface Props {
  value: string;
  onChange: (value: string) => void;
  diagnostics: readonly Diagnostic[];
  /** Single-line sources (the title) get no line wrapping or gutter. */
  isSingleLine?: boolean;
  testId: string;
  label: string;
}

/** CodeMirror 6 editor for a template source, with tag highlighting and inline diagnostics. */
export function SourceEditor({
  value,
  onChange,
  diagnostics,
  isSingleLine = false,
  testId,
  label,
}: Props) {
  const viewRef = useRef<EditorView | null>(null);
  const extensions = useMemo(
    () => [
      templateHighlighting(),
      lintGutter(),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': label }),
    ],
    [label],
  );

  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const length = view.state.doc.length;
    const marks: CmDiagnostic[] = diagnostics.map((d) => {
      const from = Math.min(Math.max(0, d.offset), length);
      return {
        from,
        to: Math.min(length, from + Math.max(d.length, 0)),
        severity: d.severity,
        message: d.message,
      };
    });
    view.dispatch(setDiagnostics(view.state, marks));
  }, [diagnostics, value]);

  return (
    <div data-testid={testId}>
      <CodeMirror
        value={value}
        onChange={onChange}
        extensions={extensions}
        onCreateEditor={(view) => {
          viewRef.current = view;
        }}
        // No bracket auto-closing: `{` starts a tag far more often than a literal brace pair.
        basicSetup={{
          lineNumbers: !isSingleLine,
          foldGutter: false,
          highlightActiveLine: !isSingleLine,
          autocompletion: false,
          closeBrackets: false,
        }}
        minHeight={isSingleLine ? undefined : '220px'}
      />
    </div>
  );
}
