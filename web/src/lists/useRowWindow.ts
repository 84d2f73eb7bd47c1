// Which rows of a grid of fixed-height rows are on screen, from its scroll position: a few sums, whatever the number
// of rows. (A general virtualiser keeps a measurement per row: 100 000 objects each time the count changes, and it
// measures the element as it mounts, forcing a layout in the middle of the first render.)
import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';

export interface RowWindowOptions {
  count: number;
  scrollRef: RefObject<HTMLElement | null>;
  rowHeight: number;
  /** Height of the sticky header above the rows, inside the scrolled element. */
  headHeight: number;
  /** Rows drawn beyond each edge, so a short scroll shows rows at once. */
  overscan: number;
  /** The scroll position to start from (restored from the URL), until the element says where it is. */
  initialScrollTop: number;
  /** A row to keep drawn while it is scrolled away (the active row, for aria-activedescendant); null for none. */
  keep: number | null;
  /** Called from the scroll event, before the new rows are drawn, with the rows now on screen. */
  onScrolled?(first: number, last: number): void;
}

export interface RowWindow {
  /** First and last row on screen (-1 when there are none). */
  first: number;
  last: number;
  /** The rows to draw: those on screen, the overscan, and `keep`. */
  indexes: number[];
  /** Scroll the element to `top` and draw the rows there in the same render (from a layout effect: before paint). */
  scrollTo(top: number): void;
}

interface View {
  top: number;
  height: number;
  /** Whether `height` is the element's (else the window's, before the first layout). */
  measured: boolean;
}

/** The rows on screen for a scroll position and a viewport height. */
function visible(top: number, height: number, o: Pick<RowWindowOptions, 'count' | 'rowHeight' | 'headHeight'>): { first: number; last: number } {
  if (o.count <= 0) return { first: -1, last: -1 };
  const first = Math.min(o.count - 1, Math.max(0, Math.floor((top - o.headHeight) / o.rowHeight)));
  const last = Math.min(o.count - 1, Math.max(first, Math.ceil((top + height - o.headHeight) / o.rowHeight) - 1));
  return { first, last };
}

/**
 * The window of rows to draw. Before the element is laid out it assumes the window's height (never smaller than the
 * grid's: a few rows too many rather than a gap), then follows the element's scroll events and size; it redraws only
 * when the rows on screen change, not at every pixel.
 */
export function useRowWindow(options: RowWindowOptions): RowWindow {
  const { count, scrollRef, rowHeight, headHeight, overscan, keep } = options;
  // Until measured, the window's height (never smaller than the grid's) and no overscan: the first render draws
  // what the screen shows and nothing more, the rows beyond come with the measurement, right after the first paint.
  const [view, setView] = useState<View>(() => ({ top: options.initialScrollTop, height: window.innerHeight, measured: false }));
  const latest = useRef(options);
  latest.current = options;
  const shown = useRef(view);
  shown.current = view;

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const sameRows = (a: View, b: View) => {
      const x = visible(a.top, a.height, latest.current);
      const y = visible(b.top, b.height, latest.current);
      return x.first === y.first && x.last === y.last;
    };
    const onScroll = () => {
      const next = { ...shown.current, top: el.scrollTop };
      if (sameRows(shown.current, next)) return;
      const { first, last } = visible(next.top, next.height, latest.current);
      latest.current.onScrolled?.(first, last);
      // Drawn before the browser paints the scrolled grid: no frame of blank rows.
      flushSync(() => setView(next));
    };
    const observer = new ResizeObserver(() => {
      const next = { top: el.scrollTop, height: el.clientHeight, measured: true };
      if (!shown.current.measured || !sameRows(shown.current, next)) setView(next);
    });
    el.addEventListener('scroll', onScroll, { passive: true });
    observer.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      observer.disconnect();
    };
  }, [scrollRef]);

  const { first, last } = visible(view.top, view.height, { count, rowHeight, headHeight });
  const indexes: number[] = [];
  if (first >= 0) {
    const extra = view.measured ? overscan : 0;
    const from = Math.max(0, first - extra);
    const to = Math.min(count - 1, last + extra);
    if (keep !== null && keep >= 0 && keep < from) indexes.push(keep);
    for (let i = from; i <= to; i++) indexes.push(i);
    if (keep !== null && keep > to && keep < count) indexes.push(keep);
  }
  const scrollTo = useCallback(
    (top: number) => {
      const el = scrollRef.current;
      if (!el) return;
      el.scrollTop = top;
      setView((v) => (v.top === el.scrollTop ? v : { ...v, top: el.scrollTop }));
    },
    [scrollRef],
  );
  return { first, last, indexes, scrollTo };
}
