import type { ReactNode } from "react";

/**
 * A wide table that scrolls sideways inside its own box on a narrow screen instead of widening
 * the page. Focusable and named, so keyboard users can scroll it too (WCAG 2.1.1).
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
