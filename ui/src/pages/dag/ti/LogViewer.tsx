/**
 * One try's log: read a chunk at a time and, while the try runs, followed
 * live (each poll passes the last `continuation_token`, so only new lines
 * come). Line numbers, level colours, ANSI colours (as spans, never HTML),
 * search with every match highlighted and next/previous (Enter /
 * Shift+Enter), wrap toggle, and a download of the whole file.
 */
import type { StructuredLogMessage, TiRef } from '@updraft/client';
import { memo, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api } from '../../../api/client';
import { describeError } from '../../../api/errors';
import { Icon } from '../../../components/Icon';
import { Spinner } from '../../../components/Loading';
import { useToast } from '../../../components/Toast';
import { ansiAttributes, parseAnsi, stripAnsi, type AnsiRun, type AnsiStyle } from './ansi';

interface LogLine {
  readonly no: number;
  readonly timestamp: string | null;
  readonly level: string | null;
  /** The message, with any ANSI escapes. */
  readonly text: string;
  /** Without escapes, lower-cased: what search looks in. */
  readonly plain: string;
  readonly runs: readonly AnsiRun[];
}

const POLL_MS = 1000;
const NO_FILE = /^no log file for try \d+ yet$/;

function toLine(message: StructuredLogMessage | string, no: number, style: AnsiStyle): { line: LogLine; end: AnsiStyle } {
  const m = typeof message === 'string' ? { event: message } : message;
  const text = String(m.event ?? '');
  const rawLevel: unknown = (m as { level?: unknown }).level;
  const level = typeof rawLevel === 'string' ? rawLevel : null;
  const parsed = parseAnsi(text, style);
  return {
    line: { no, timestamp: m.timestamp ?? null, level, text, plain: `${m.timestamp ?? ''} ${level ?? ''} ${stripAnsi(text)}`.toLowerCase(), runs: parsed.runs },
    end: parsed.end,
  };
}

function shortTime(iso: string): string {
  const t = iso.indexOf('T');
  return t < 0 ? iso : iso.slice(t + 1, t + 13);
}

/** `text` with every occurrence of `needle` (lower-case) wrapped in <mark>. */
function marked(text: string, needle: string, key: number): ReactNode {
  if (!needle) return text;
  const lower = text.toLowerCase();
  const out: ReactNode[] = [];
  let from = 0;
  let at = lower.indexOf(needle);
  while (at >= 0) {
    if (at > from) out.push(text.slice(from, at));
    out.push(<mark key={`${key}-${at}`}>{text.slice(at, at + needle.length)}</mark>);
    from = at + needle.length;
    at = lower.indexOf(needle, from);
  }
  if (from === 0) return text;
  if (from < text.length) out.push(text.slice(from));
  return out;
}

const Line = memo(function Line({ line, needle, current }: { readonly line: LogLine; readonly needle: string; readonly current: boolean }) {
  const hit = needle !== '' && line.plain.includes(needle);
  const level = line.level?.toLowerCase();
  return (
    <div className={`log-line${level ? ` log-${level}` : ''}${hit ? ' log-hit' : ''}${current ? ' log-current' : ''}`} data-line={line.no}>
      <span className="log-no" aria-hidden="true">
        {line.no}
      </span>
      <span className="log-body">
        {line.timestamp && (
          <span className="log-ts" title={line.timestamp}>
            {hit ? marked(shortTime(line.timestamp), needle, -1) : shortTime(line.timestamp)}{' '}
          </span>
        )}
        {line.level && <span className="log-level">{hit ? marked(line.level.toUpperCase().padEnd(7), needle, -2) : line.level.toUpperCase().padEnd(7)} </span>}
        {line.runs.map((run, i) => {
          const attrs = ansiAttributes(run.style);
          const content = hit ? marked(run.text, needle, i) : run.text;
          if (!attrs.className && !attrs.color && !attrs.background) return <span key={i}>{content}</span>;
          return (
            <span key={i} className={attrs.className || undefined} style={attrs.color || attrs.background ? { color: attrs.color, background: attrs.background } : undefined}>
              {content}
            </span>
          );
        })}
      </span>
    </div>
  );
});

export interface LogViewerProps {
  readonly ti: TiRef;
  readonly tryNumber: number;
  /** Keep following: the try is still running (or about to). */
  readonly live: boolean;
}

function useWrapPreference(): [boolean, (v: boolean) => void] {
  const [wrap, setWrap] = useState(() => window.localStorage.getItem('updraft.log.wrap') !== 'false');
  return [
    wrap,
    (v) => {
      setWrap(v);
      try {
        window.localStorage.setItem('updraft.log.wrap', String(v));
      } catch {
        // Not remembered: fine.
      }
    },
  ];
}

export function LogViewer({ ti, tryNumber, live }: LogViewerProps) {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [error, setError] = useState<unknown>(undefined);
  const [loaded, setLoaded] = useState(false);
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState(0);
  const [wrap, setWrap] = useWrapPreference();
  const box = useRef<HTMLDivElement>(null);
  const follow = useRef(true);
  const toast = useToast();
  const liveRef = useRef(live);
  liveRef.current = live;
  const resume = useRef<() => void>(() => undefined);

  // Read from the start, then on from the token while live; one last read after the try ends.
  useEffect(() => {
    let token: string | null = null;
    let style: AnsiStyle = {};
    let count = 0;
    let stopped = false;
    let timer = 0;
    let pending = true;
    setLines([]);
    setLoaded(false);
    setError(undefined);
    const read = async () => {
      const wasLive = liveRef.current;
      try {
        const chunk = await api.taskInstances.log(ti, tryNumber, { token });
        if (stopped) return;
        const content = chunk.content as (StructuredLogMessage | string)[];
        const onlyPlaceholder = content.length === 1 && NO_FILE.test(typeof content[0] === 'string' ? content[0] : String(content[0]?.event ?? ''));
        if (!onlyPlaceholder && content.length > 0) {
          const fresh: LogLine[] = [];
          for (const message of content) {
            const { line, end } = toLine(message, ++count, style);
            style = end;
            fresh.push(line);
          }
          setLines((old) => old.concat(fresh));
        }
        if (!onlyPlaceholder) token = chunk.continuation_token;
        setError(undefined);
      } catch (e) {
        if (stopped) return;
        setError(e);
      }
      setLoaded(true);
      pending = !stopped && (wasLive || liveRef.current);
      if (pending) timer = window.setTimeout(() => void read(), POLL_MS);
    };
    resume.current = () => {
      if (pending || stopped) return;
      pending = true;
      void read();
    };
    void read();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [ti.dagId, ti.runId, ti.taskId, ti.mapIndex, tryNumber]);

  // A try that runs again after the loop ended (it was queued behind a retry delay, say) is followed again.
  useEffect(() => {
    if (live) resume.current();
  }, [live]);

  // Keep the newest line in view while following.
  useEffect(() => {
    const el = box.current;
    if (el && follow.current && !query) el.scrollTop = el.scrollHeight;
  }, [lines, query]);

  const needle = query.trim().toLowerCase();
  const matches = useMemo(() => (needle ? lines.filter((l) => l.plain.includes(needle)).map((l) => l.no) : []), [lines, needle]);
  const currentLine = matches.length > 0 ? matches[Math.min(current, matches.length - 1)] : undefined;
  useEffect(() => setCurrent(0), [needle]);
  useEffect(() => {
    if (currentLine === undefined) return;
    // Scroll the log box only (scrollIntoView would scroll the page too).
    const el = box.current;
    const line = el?.querySelector<HTMLElement>(`[data-line="${currentLine}"]`);
    if (el && line) el.scrollTop = line.offsetTop - el.clientHeight / 2;
  }, [currentLine]);
  const step = (delta: number) => {
    if (matches.length === 0) return;
    setCurrent((c) => (Math.min(c, matches.length - 1) + delta + matches.length) % matches.length);
  };

  const download = async () => {
    try {
      const text = await api.taskInstances.logText(ti, tryNumber);
      const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${ti.dagId}__${ti.runId}__${ti.taskId}${ti.mapIndex !== undefined && ti.mapIndex >= 0 ? `__${ti.mapIndex}` : ''}__attempt-${tryNumber}.log`.replace(/[^\w.+-]+/g, '_');
      document.body.append(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      const { title, detail } = describeError(e);
      toast.error(`Could not download the log: ${title.toLowerCase()}`, detail);
    }
  };

  return (
    <div className="log-viewer" data-testid="log-viewer">
      <div className="log-toolbar">
        <label className="search log-search">
          <Icon name="search" />
          <span className="visually-hidden">Search the log</span>
          <input
            type="search"
            placeholder="Search the log"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                step(e.shiftKey ? -1 : 1);
              } else if (e.key === 'Escape' && query) {
                e.stopPropagation();
                setQuery('');
              }
            }}
            data-testid="log-search"
          />
        </label>
        {needle && (
          <span className="log-matches muted num" data-testid="log-match-count" aria-live="polite">
            {matches.length === 0 ? 'no match' : `${Math.min(current, matches.length - 1) + 1} of ${matches.length}`}
          </span>
        )}
        <button type="button" className="btn btn-sm btn-icon" onClick={() => step(-1)} disabled={matches.length === 0} aria-label="Previous match (Shift+Enter)" title="Previous match (Shift+Enter)" data-testid="log-prev">
          <Icon name="sort-up" size={14} />
        </button>
        <button type="button" className="btn btn-sm btn-icon" onClick={() => step(1)} disabled={matches.length === 0} aria-label="Next match (Enter)" title="Next match (Enter)" data-testid="log-next">
          <Icon name="sort-down" size={14} />
        </button>
        <span className="toolbar-spacer" />
        {live && (
          <span className="log-live" title="New lines appear as the task writes them">
            <Spinner label="Following" /> live
          </span>
        )}
        <label className="check">
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} data-testid="log-wrap" />
          <span>Wrap</span>
        </label>
        <button type="button" className="btn btn-sm" onClick={() => void download()} data-testid="log-download">
          <Icon name="file" size={14} /> Download
        </button>
      </div>
      {error !== undefined && (
        <div className="callout callout-danger log-error" role="alert">
          Could not read the log: {describeError(error).detail}
        </div>
      )}
      <div
        ref={box}
        className={`log-box${wrap ? ' log-wrap' : ''}`}
        onScroll={(e) => {
          const el = e.currentTarget;
          follow.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 8;
        }}
        tabIndex={0}
        role="log"
        aria-label={`Log of try ${tryNumber}`}
        data-testid="log-box"
      >
        {!loaded ? (
          <div className="log-empty muted">
            <Spinner /> Reading the log…
          </div>
        ) : lines.length === 0 ? (
          <div className="log-empty muted" data-testid="log-empty">
            {live ? 'No output yet: lines appear here as the task writes them.' : 'This try wrote no log.'}
          </div>
        ) : (
          lines.map((line) => <Line key={line.no} line={line} needle={needle} current={line.no === currentLine} />)
        )}
      </div>
    </div>
  );
}
