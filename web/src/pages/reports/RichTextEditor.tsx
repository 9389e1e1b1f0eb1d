/**
 * The narrative editor of the periodic report: tiptap (ProseMirror) with bold, italic, underline,
 * two heading levels (2, 3: below the report's own I./1. headings), bulleted and numbered lists, undo/redo. The value is tiptap JSON (`RichDoc`),
 * restricted to those nodes and marks (the server validates the same set). Keyboard: the toolbar is one
 * tab stop group of buttons with aria-pressed; Ctrl+B / Ctrl+I / Ctrl+U in the text.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { Button, Tooltip } from 'antd';
import {
  BoldOutlined,
  ItalicOutlined,
  OrderedListOutlined,
  RedoOutlined,
  UnderlineOutlined,
  UndoOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useTranslation } from 'react-i18next';
import type { RichDoc, RichNode } from './api.ts';

/** The editor's extensions: only what the report format (DOCX export) renders. */
const EXTENSIONS = [
  StarterKit.configure({
    heading: { levels: [2, 3] },
    blockquote: false,
    code: false,
    codeBlock: false,
    horizontalRule: false,
    strike: false,
    link: false,
    dropcursor: false,
    trailingNode: false,
  }),
];

/**
 * A document in a canonical form for comparisons: no empty `content` arrays, no null attributes, no
 * trailing empty paragraphs (the editor adds one to an empty document).
 */
export function canon(doc: RichDoc): string {
  const clean = (n: RichNode): RichNode => {
    const out: RichNode = { type: n.type };
    if (n.text !== undefined) out.text = n.text;
    if (n.marks?.length) out.marks = n.marks.map((m) => ({ type: m.type }));
    const attrs = Object.entries(n.attrs ?? {}).filter(([, v]) => v !== null && v !== undefined);
    if (attrs.length) out.attrs = Object.fromEntries(attrs);
    if (n.content?.length) out.content = n.content.map(clean);
    return out;
  };
  const content = (doc.content ?? []).map(clean);
  while (
    content.length &&
    content[content.length - 1]!.type === 'paragraph' &&
    !content[content.length - 1]!.content
  )
    content.pop();
  return JSON.stringify(content);
}

export interface RichTextEditorProps {
  value: RichDoc;
  /** `changed` is false when the text is back to the value it was given (after the editor's normalisation) */
  onChange: (doc: RichDoc, changed: boolean) => void;
  /** accessible name of the text area (the narrative slot's label) */
  label: string;
  /** test id of the editable area; the toolbar gets `<testId>-toolbar` */
  testId?: string;
  readOnly?: boolean;
}

export function RichTextEditor({ value, onChange, label, testId, readOnly }: RichTextEditorProps) {
  const { t } = useTranslation();
  /** the last value given from outside, canonical: the baseline of `changed` */
  const baseline = useRef(canon(value));
  /** the last document this editor reported (its echo through `value` is not a new baseline) */
  const emitted = useRef('');
  const editor = useEditor({
    extensions: EXTENSIONS,
    content: value,
    editable: !readOnly,
    immediatelyRender: true,
    shouldRerenderOnTransaction: false,
    editorProps: {
      attributes: {
        class: 'rte-content',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': label,
        ...(testId ? { 'data-testid': testId } : {}),
      },
    },
    onUpdate: ({ editor: e }) => {
      const doc = e.getJSON() as RichDoc;
      emitted.current = JSON.stringify(doc);
      onChange(doc, canon(doc) !== baseline.current);
    },
  });

  // a new value from outside (another period, a reloaded draft): replace the content without an update event
  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    const json = JSON.stringify(value);
    if (json === emitted.current) return;
    baseline.current = canon(value);
    if (canon(editor.getJSON() as RichDoc) !== baseline.current) {
      editor.commands.setContent(value, { emitUpdate: false });
    }
  }, [editor, value]);

  useEffect(() => {
    editor?.setEditable(!readOnly);
  }, [editor, readOnly]);

  const s = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      underline: e.isActive('underline'),
      h3: e.isActive('heading', { level: 2 }),
      h4: e.isActive('heading', { level: 3 }),
      bullet: e.isActive('bulletList'),
      ordered: e.isActive('orderedList'),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });

  const btn = (
    key: string,
    title: string,
    icon: ReactNode,
    active: boolean | undefined,
    run: () => void,
    disabled = false,
  ) => (
    <Tooltip title={title} key={key}>
      <Button
        size="small"
        type={active ? 'primary' : 'text'}
        aria-label={title}
        aria-pressed={active === undefined ? undefined : active}
        icon={icon}
        disabled={readOnly || disabled}
        onMouseDown={(e) => e.preventDefault() /* keep the selection in the text */}
        onClick={run}
        data-testid={testId ? `${testId}-${key}` : undefined}
      />
    </Tooltip>
  );
  const chain = () => editor.chain().focus();

  return (
    <div className={`rte${readOnly ? ' rte-readonly' : ''}`}>
      {!readOnly && (
        <div
          className="rte-toolbar"
          role="toolbar"
          aria-label={t('periodic.editor.toolbar')}
          data-testid={testId ? `${testId}-toolbar` : undefined}
        >
          {btn('bold', t('periodic.editor.bold'), <BoldOutlined />, s?.bold, () =>
            chain().toggleBold().run(),
          )}
          {btn('italic', t('periodic.editor.italic'), <ItalicOutlined />, s?.italic, () =>
            chain().toggleItalic().run(),
          )}
          {btn('underline', t('periodic.editor.underline'), <UnderlineOutlined />, s?.underline, () =>
            chain().toggleUnderline().run(),
          )}
          <span className="rte-sep" aria-hidden />
          {btn('h3', t('periodic.editor.h3'), <span className="rte-glyph">H1</span>, s?.h3, () =>
            chain().toggleHeading({ level: 2 }).run(),
          )}
          {btn('h4', t('periodic.editor.h4'), <span className="rte-glyph">H2</span>, s?.h4, () =>
            chain().toggleHeading({ level: 3 }).run(),
          )}
          {btn(
            'paragraph',
            t('periodic.editor.paragraph'),
            <span className="rte-glyph">¶</span>,
            undefined,
            () => chain().setParagraph().run(),
          )}
          <span className="rte-sep" aria-hidden />
          {btn('bullet', t('periodic.editor.bullet'), <UnorderedListOutlined />, s?.bullet, () =>
            chain().toggleBulletList().run(),
          )}
          {btn('ordered', t('periodic.editor.ordered'), <OrderedListOutlined />, s?.ordered, () =>
            chain().toggleOrderedList().run(),
          )}
          <span className="rte-sep" aria-hidden />
          {btn(
            'undo',
            t('periodic.editor.undo'),
            <UndoOutlined />,
            undefined,
            () => chain().undo().run(),
            !s?.canUndo,
          )}
          {btn(
            'redo',
            t('periodic.editor.redo'),
            <RedoOutlined />,
            undefined,
            () => chain().redo().run(),
            !s?.canRedo,
          )}
        </div>
      )}
      <EditorContent editor={editor} />
    </div>
  );
}
