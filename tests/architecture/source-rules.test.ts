/**
 * Claims of SECURITY.md that are about what the code never does — no shell, no eval, no
 * regular expression built at run time, only AES-256-GCM and SHA-256, no browser storage, no
 * loose equality… — checked on the syntax tree of every source file (app/, emails/, db/), so a
 * comment or a string that merely mentions them does not count, and a new use anywhere fails.
 * Each rule names the ASVS requirement it keeps true; the last tests show each rule can fail.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");

function sourceFiles(dirs: string[]): { file: string; source: string }[] {
  const out: { file: string; source: string }[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(ts|tsx|mjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts"))
        out.push({ file: path.relative(root, p), source: fs.readFileSync(p, "utf8") });
    }
  };
  for (const d of dirs) walk(path.join(root, d));
  return out;
}

/** Every node of a file's syntax tree. */
function* nodesOf(file: string, source: string): Generator<ts.Node> {
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : file.endsWith(".mjs") ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, kind);
  const stack: ts.Node[] = [sf];
  while (stack.length) {
    const node = stack.pop()!;
    yield node;
    node.forEachChild((c) => void stack.push(c));
  }
}

/** The called function's own name: `eval(…)` → eval, `crypto.createHash(…)` → createHash. */
function calleeName(call: ts.CallExpression | ts.NewExpression): string | null {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return null;
}
const firstArgument = (call: ts.CallExpression | ts.NewExpression) => call.arguments?.[0];
const literalText = (n: ts.Node | undefined) =>
  n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) ? n.text : null;
const where = (file: string, node: ts.Node) =>
  `${file}:${node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1}`;

/** The three public, cookie-less, read-only endpoints any site may call (ASVS 3.4.2). */
const CORS_ALLOWED = new Set([
  "app/routes/api.v1.deadlines.ts",
  "app/routes/api.v1.jurisdictions.ts",
  "app/routes/api.v1.openapi[.json].ts",
  "app/routes/api.v1.rules.ts",
]);
/** Math.random is for non-secrets only: the outbox's retry jitter. */
const MATH_RANDOM_ALLOWED = new Set(["app/server/mail/outbox.server.ts"]);

export function findViolations(files: { file: string; source: string }[]): Record<string, string[]> {
  const v: Record<string, string[]> = {
    childProcess: [],
    runtimeRegExp: [],
    dynamicCode: [],
    innerHtml: [],
    weakCrypto: [],
    mathRandom: [],
    browserStorage: [],
    looseEquality: [],
    passwordFields: [],
    clipboardBlocking: [],
    cors: [],
    tlsValidation: [],
  };
  for (const { file, source } of files) {
    for (const node of nodesOf(file, source)) {
      // 1.2.5: the only child process is the build step of `npm start`, `node` with fixed arguments, no shell.
      if (ts.isImportDeclaration(node) && /^(node:)?child_process$/.test(literalText(node.moduleSpecifier) ?? "")) {
        const names =
          node.importClause?.namedBindings && ts.isNamedImports(node.importClause.namedBindings)
            ? node.importClause.namedBindings.elements.map((e) => e.name.text)
            : ["*"];
        if (file !== "app/cli/start.ts" || names.some((n) => n !== "spawnSync"))
          v.childProcess!.push(`${where(file, node)} imports ${names.join(", ")} from child_process`);
      }
      if (
        ts.isPropertyAssignment(node) &&
        node.name.getText() === "shell" &&
        node.initializer.kind !== ts.SyntaxKind.FalseKeyword
      )
        v.childProcess!.push(`${where(file, node)} sets shell`);
      if (
        ts.isCallExpression(node) &&
        calleeName(node) === "spawnSync" &&
        firstArgument(node)?.getText() !== "process.execPath"
      )
        v.childProcess!.push(`${where(file, node)} spawns something other than node`);

      if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.expression.getText() === "RegExp")
        v.runtimeRegExp!.push(`${where(file, node)} builds a RegExp at run time`);

      // 1.3.2: no eval, no Function constructor, no string timers.
      if (
        (ts.isCallExpression(node) || ts.isNewExpression(node)) &&
        ["eval", "Function"].includes(node.expression.getText())
      )
        v.dynamicCode!.push(`${where(file, node)} ${node.expression.getText()}`);
      if (
        ts.isCallExpression(node) &&
        ["setTimeout", "setInterval"].includes(calleeName(node) ?? "") &&
        literalText(firstArgument(node)) !== null
      )
        v.dynamicCode!.push(`${where(file, node)} string timer`);

      // 1.2.3, 3.2.2: the one raw-HTML sink is the escaped message island of the root layout.
      if (ts.isJsxAttribute(node) && node.name.getText() === "dangerouslySetInnerHTML" && file !== "app/root.tsx")
        v.innerHtml!.push(`${where(file, node)} dangerouslySetInnerHTML`);

      // 11.3.1, 11.3.2, 11.4.1, 11.2.3: AES-256-GCM and SHA-256 only (HMAC-SHA1 lives inside otplib).
      if (ts.isCallExpression(node)) {
        const name = calleeName(node);
        const algorithm = literalText(firstArgument(node));
        if ((name === "createCipheriv" || name === "createDecipheriv") && algorithm !== "aes-256-gcm")
          v.weakCrypto!.push(`${where(file, node)} ${name}(${algorithm ?? "non-literal"})`);
        if (
          (name === "createHash" || name === "createHmac" || name === "hkdfSync" || name === "hkdf") &&
          algorithm !== "sha256"
        )
          v.weakCrypto!.push(`${where(file, node)} ${name}(${algorithm ?? "non-literal"})`);
        if (name === "createCipher" || name === "createDecipher" || name === "pbkdf2Sync" || name === "pbkdf2")
          v.weakCrypto!.push(`${where(file, node)} ${name}`);
      }

      // 6.5.3, 7.2.3, 11.5.1: secrets come from crypto.randomBytes, never Math.random.
      if (ts.isPropertyAccessExpression(node) && node.getText() === "Math.random" && !MATH_RANDOM_ALLOWED.has(file))
        v.mathRandom!.push(`${where(file, node)} Math.random`);

      // 14.3.3: nothing in browser storage; cookies are set by the server only.
      if (ts.isIdentifier(node) && ["localStorage", "sessionStorage", "indexedDB"].includes(node.text))
        v.browserStorage!.push(`${where(file, node)} ${node.text}`);
      if (ts.isPropertyAccessExpression(node) && node.getText() === "document.cookie")
        v.browserStorage!.push(`${where(file, node)} document.cookie`);

      // 15.3.5: === everywhere; == / != only against null (null or undefined, on purpose).
      if (
        ts.isBinaryExpression(node) &&
        [ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken].includes(node.operatorToken.kind)
      ) {
        if (node.right.kind !== ts.SyntaxKind.NullKeyword && node.left.kind !== ts.SyntaxKind.NullKeyword)
          v.looseEquality!.push(`${where(file, node)} ${node.getText()}`);
      }

      // 6.2.6, 6.2.7: password inputs (plain or through the form kit's TextField) are masked and
      // named for password managers.
      if (
        (ts.isJsxSelfClosingElement(node) || ts.isJsxOpeningElement(node)) &&
        ["input", "TextField"].includes(node.tagName.getText())
      ) {
        const attrs = new Map<string, string | null>();
        for (const a of node.attributes.properties)
          if (ts.isJsxAttribute(a))
            attrs.set(a.name.getText(), a.initializer && ts.isStringLiteral(a.initializer) ? a.initializer.text : null);
        if (
          /password/i.test(attrs.get("name") ?? "") &&
          (attrs.get("type") !== "password" ||
            !["current-password", "new-password"].includes(attrs.get("autoComplete") ?? ""))
        ) {
          v.passwordFields!.push(
            `${where(file, node)} ${attrs.get("name")} type=${attrs.get("type")} autoComplete=${attrs.get("autoComplete")}`,
          );
        }
      }
      // 6.2.7: paste (and password managers' autofill) is never blocked.
      if (ts.isJsxAttribute(node) && ["onPaste", "onCopy", "onCut", "onDrop"].includes(node.name.getText()))
        v.clipboardBlocking!.push(`${where(file, node)} ${node.name.getText()}`);

      // 3.4.2: CORS only on the public endpoints, never with credentials.
      const text = literalText(node);
      if (text !== null && /^access-control-allow-origin$/i.test(text) && !CORS_ALLOWED.has(file))
        v.cors!.push(`${where(file, node)} Access-Control-Allow-Origin`);
      if (text !== null && /^access-control-allow-credentials$/i.test(text))
        v.cors!.push(`${where(file, node)} Access-Control-Allow-Credentials`);
      if (
        ts.isPropertyAssignment(node) &&
        /^["']?access-control-allow-(origin|credentials)["']?$/i.test(node.name.getText())
      ) {
        if (!CORS_ALLOWED.has(file) || /credentials/i.test(node.name.getText()))
          v.cors!.push(`${where(file, node)} ${node.name.getText()}`);
      }

      // 12.3.2: certificate validation is never switched off; only the loopback catcher skips TLS.
      if (
        (ts.isIdentifier(node) || ts.isStringLiteral(node)) &&
        ["rejectUnauthorized", "checkServerIdentity", "NODE_TLS_REJECT_UNAUTHORIZED"].includes(node.text)
      )
        v.tlsValidation!.push(`${where(file, node)} ${node.text}`);
      if (ts.isPropertyAssignment(node) && node.name.getText() === "ignoreTLS" && file !== "emails/transport.ts")
        v.tlsValidation!.push(`${where(file, node)} ignoreTLS`);
    }
  }
  return v;
}

const files = sourceFiles(["app", "emails", "db"]);
const found = findViolations(files);

describe("source rules (what the code never does)", () => {
  it("scans the whole code base", () => {
    expect(files.length).toBeGreaterThan(150);
    expect(files.some((f) => f.file === "app/cli/start.ts")).toBe(true);
  });

  it("ASVS 1.2.5: no shell; the only child process runs node with fixed arguments (app/cli/start.ts)", () => {
    expect(found.childProcess).toEqual([]);
  });

  it("ASVS 1.2.9: no regular expression is built at run time (so no input reaches one)", () => {
    expect(found.runtimeRegExp).toEqual([]);
  });

  it("ASVS 1.3.2: no eval, no Function constructor, no string timers", () => {
    expect(found.dynamicCode).toEqual([]);
  });

  it("ASVS 1.2.3, 3.2.2: dangerouslySetInnerHTML only for the escaped message island of app/root.tsx", () => {
    expect(found.innerHtml).toEqual([]);
  });

  it("ASVS 11.3.1, 11.3.2, 11.4.1: ciphers are AES-256-GCM, hashes, HMACs and HKDF SHA-256 — nothing else", () => {
    expect(found.weakCrypto).toEqual([]);
  });

  it("ASVS 6.5.3, 7.2.3, 11.5.1: Math.random is used only for the outbox's retry jitter", () => {
    expect(found.mathRandom).toEqual([]);
  });

  it("ASVS 14.3.3: no localStorage, sessionStorage, IndexedDB or script-written cookies", () => {
    expect(found.browserStorage).toEqual([]);
  });

  it("ASVS 15.3.5: TypeScript strict, and == / != only against null", () => {
    const tsconfig = JSON.parse(fs.readFileSync(path.join(root, "tsconfig.json"), "utf8")) as {
      compilerOptions: { strict?: boolean };
    };
    expect(tsconfig.compilerOptions.strict).toBe(true);
    expect(found.looseEquality).toEqual([]);
  });

  it("ASVS 6.2.6, 6.2.7: every password field is type=password with a password-manager autocomplete; no paste blocking", () => {
    expect(found.passwordFields).toEqual([]);
    expect(found.clipboardBlocking).toEqual([]);
    // The fields exist where the rule looks for them (a renamed field would escape it silently).
    const login = files.find((f) => f.file === "app/routes/login.tsx")!.source;
    expect(login).toMatch(/name="password"\s+type="password"[^>]*autoComplete="current-password"/);
  });

  it("ASVS 3.4.2: CORS only on the four public, credential-free endpoints, never with credentials", () => {
    expect(found.cors).toEqual([]);
  });

  it("ASVS 12.3.2: certificate validation is never switched off; only the loopback catcher skips TLS", () => {
    expect(found.tlsValidation).toEqual([]);
  });

  // The rules themselves must be able to fail.
  it("each rule catches a planted violation, and ignores comments and strings that merely mention it", () => {
    const planted = findViolations([
      {
        file: "app/server/bad.server.ts",
        source: [
          'import { exec } from "node:child_process";',
          "exec(cmd, { shell: true });",
          "const re = new RegExp(input);",
          'eval(code); const f = new Function(code); setTimeout("go()", 1);',
          'crypto.createHash("md5"); crypto.createCipheriv("aes-128-cbc", k, iv); crypto.createHmac(alg, k);',
          "const token = Math.random().toString(36);",
          "if (a == b) localStorage.setItem(k, v);",
          'const h = { "Access-Control-Allow-Origin": origin, "Access-Control-Allow-Credentials": "true" };',
          "https.request(url, { rejectUnauthorized: false });",
        ].join("\n"),
      },
      {
        file: "app/routes/bad.tsx",
        source:
          'export default () => <form><input name="password" type="text" onPaste={(e) => e.preventDefault()} /><div dangerouslySetInnerHTML={{ __html: x }} /></form>;',
      },
    ]);
    expect(Object.fromEntries(Object.entries(planted).map(([k, list]) => [k, list.length > 0]))).toEqual(
      Object.fromEntries(Object.keys(planted).map((k) => [k, true])),
    );
    const innocent = findViolations([
      {
        file: "app/server/fine.server.ts",
        source: [
          "// eval(x), new RegExp(y), Math.random(), localStorage and a == b are only mentioned here",
          'const note = "never eval(), never new RegExp(), no localStorage";',
          'const h = crypto.createHash("sha256"); if (x == null) y();',
        ].join("\n"),
      },
    ]);
    expect(Object.values(innocent).flat()).toEqual([]);
  });
});
