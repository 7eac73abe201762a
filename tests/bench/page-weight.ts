/**
 * JavaScript a resident downloads per page: every <script src> and modulepreload URL in the
 * served HTML, fetched and gzipped (zlib, default level) and summed. Inline scripts (Remix
 * context with loader data, including the root loader's message catalogue) are reported
 * separately: they are JS on the wire too, but part of the HTML document.
 */
import zlib from "node:zlib";

export interface PageWeight {
  path: string;
  scripts: { url: string; bytes: number; gzipBytes: number }[];
  externalGzipKb: number;
  inlineScriptGzipKb: number;
  htmlGzipKb: number;
}

function gzipSize(body: Buffer | string): number {
  return zlib.gzipSync(body).length;
}

function collectScriptUrls(html: string, base: string): string[] {
  const urls = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) urls.add(new URL(m[1]!, base).href);
  for (const m of html.matchAll(/<link\b[^>]*>/g)) {
    const tag = m[0];
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    if (href && /\brel="modulepreload"/.test(tag)) urls.add(new URL(href, base).href);
  }
  return [...urls];
}

function inlineScripts(html: string): string {
  return [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).join("\n");
}

export async function measurePageWeight(
  baseUrl: string,
  pages: { label: string; path: string; headers?: Record<string, string> }[],
): Promise<PageWeight[]> {
  const out: PageWeight[] = [];
  for (const page of pages) {
    const res = await fetch(new URL(page.path, baseUrl), { headers: page.headers, redirect: "manual" });
    if (res.status !== 200) throw new Error(`GET ${page.path} answered ${res.status}`);
    const html = await res.text();
    const scripts: PageWeight["scripts"] = [];
    for (const url of collectScriptUrls(html, baseUrl)) {
      const r = await fetch(url);
      if (!r.ok) throw new Error(`GET ${url} answered ${r.status}`);
      const body = Buffer.from(await r.arrayBuffer());
      scripts.push({ url: new URL(url).pathname, bytes: body.length, gzipBytes: gzipSize(body) });
    }
    out.push({
      path: page.label,
      scripts,
      externalGzipKb: kb(scripts.reduce((s, x) => s + x.gzipBytes, 0)),
      inlineScriptGzipKb: kb(gzipSize(inlineScripts(html))),
      htmlGzipKb: kb(gzipSize(html)),
    });
  }
  return out;
}

function kb(bytes: number): number {
  return Math.round((bytes / 1024) * 10) / 10;
}
