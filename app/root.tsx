import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useMemo } from "react";
import { I18nProvider, useTranslation } from "./i18n-react";
import { createTranslator, type Locale } from "./i18n";
import { MESSAGES_ELEMENT_ID, usePageMessages } from "./messages";
import { useNonce } from "./nonce";
import { SessionExpiryWarning, type SessionTimes } from "./components/session-expiry-warning";
import { getStaffSession, SESSION_IDLE_MS } from "./server/security/staff-sessions.server";
import { detectLocale } from "./server/core/locale.server";
import { getRuntime } from "./server/core/runtime.server";
import stylesheet from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Biometric Rights Portal · Portail des droits biométriques" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = detectLocale(request);
  const at = getRuntime().clock();
  // The context carries a session an action of this same request replaced (shareRotatedSession).
  const staff = await getStaffSession(request, at, context);
  // A password-only session is not signed in yet (no workspace links, no expiry banner).
  const user = staff && staff.session.secondFactorAt != null ? staff.user : null;
  const session: SessionTimes | null =
    staff && user
      ? {
          idleRemainingMs: Math.min(staff.session.lastSeenAt + SESSION_IDLE_MS, staff.session.expiresAt) - at.getTime(),
          absoluteRemainingMs: staff.session.expiresAt - at.getTime(),
        }
      : null;
  return {
    locale,
    user: user ? { name: user.name, role: user.role } : null,
    session,
    mailbox: getRuntime().mailbox !== null,
  };
}

// Every navigation reaches the server (and counts as activity): the expiry banner must
// follow it, so the root data is always reloaded.
export const shouldRevalidate = () => true;

export type RootData = Awaited<ReturnType<typeof loader>>;

export function useRootData(): RootData | undefined {
  return useRouteLoaderData<typeof loader>("root") as RootData | undefined;
}

function LanguageSwitch({ locale }: { locale: Locale }) {
  const location = useLocation();
  const hrefFor = (lng: string) => {
    const params = new URLSearchParams(location.search);
    params.set("lng", lng);
    return `${location.pathname}?${params.toString()}`;
  };
  // French first and as prominent as English (Charter of the French language, s. 52).
  return (
    <nav aria-label="Langue / Language" className="lang-switch">
      {locale === "fr-CA" ? (
        <span aria-current="true" lang="fr-CA">
          Français
        </span>
      ) : (
        <a href={hrefFor("fr")} lang="fr-CA" hrefLang="fr-CA">
          Français
        </a>
      )}
      <span aria-hidden="true"> | </span>
      {locale === "en" ? (
        <span aria-current="true" lang="en">
          English
        </span>
      ) : (
        <a href={hrefFor("en")} lang="en" hrefLang="en">
          English
        </a>
      )}
    </nav>
  );
}

function Shell({ children, user, mailbox, session }: { children: React.ReactNode } & Partial<RootData>) {
  const nonce = useNonce();
  const page = usePageMessages();
  const lng: Locale = page?.locale ?? "en";
  const i18n = useMemo(
    () => (page ? { t: createTranslator(lng, page.messages), i18n: { language: lng } } : null),
    [lng, page],
  );
  const body = (
    <>
      <a className="skip-link" href="#main">
        {i18n ? i18n.t("nav.skip") : "Skip to content"}
      </a>
      <header className="site-header">
        <div className="wrap header-row">
          <Link to="/" className="brand">
            {i18n ? i18n.t("brand") : "Biometric Rights Portal"}
          </Link>
          <LanguageSwitch locale={lng} />
        </div>
        {i18n ? <MainNav user={user ?? null} mailbox={Boolean(mailbox)} /> : null}
      </header>
      {i18n && session ? <SessionExpiryWarning times={session} /> : null}
      <main id="main" className="wrap" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer wrap">{i18n ? <FooterHelp /> : null}</footer>
    </>
  );
  return (
    <html lang={lng}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className={isStaff(user ?? null) ? "staff" : undefined}>
        {i18n ? <I18nProvider value={i18n}>{body}</I18nProvider> : body}
        {page ? (
          <script
            id={MESSAGES_ELEMENT_ID}
            type="application/json"
            nonce={nonce}
            dangerouslySetInnerHTML={{ __html: page.json }}
          />
        ) : null}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/** Company staff, regulators and the portal admin: a workspace layout and navigation of their own. */
function isStaff(user: RootData["user"] | null): boolean {
  return (
    user?.role === "vendor_admin" ||
    user?.role === "vendor_agent" ||
    user?.role === "regulator" ||
    user?.role === "admin"
  );
}

function MainNav({ user, mailbox }: { user: RootData["user"]; mailbox: boolean }) {
  const { t } = useTranslation();
  // Staff do not file requests: the residents' links would only crowd their own.
  const resident = !isStaff(user);
  return (
    <nav aria-label={t("nav.label")} className="main-nav">
      <ul className="wrap">
        {resident ? (
          <li>
            <Link to="/">{t("nav.home")}</Link>
          </li>
        ) : null}
        {resident ? (
          <li>
            <Link to="/requests/new">{t("nav.file")}</Link>
          </li>
        ) : null}
        {resident ? (
          <li>
            <Link to="/vendors">{t("nav.vendors")}</Link>
          </li>
        ) : null}
        {resident ? (
          <li>
            <Link to="/requests/find">{t("nav.find")}</Link>
          </li>
        ) : null}
        {resident ? (
          <li>
            <Link to="/deadlines">{t("nav.deadlines")}</Link>
          </li>
        ) : null}
        {resident ? (
          <li>
            <Link to="/transparency">{t("nav.transparency")}</Link>
          </li>
        ) : null}
        {user?.role === "vendor_admin" || user?.role === "vendor_agent" ? (
          <li>
            <Link to="/vendor">{t("nav.vendor")}</Link>
          </li>
        ) : null}
        {user?.role === "vendor_admin" ? (
          <li>
            <Link to="/vendor/api-keys">{t("nav.apiKeys")}</Link>
          </li>
        ) : null}
        {user?.role === "vendor_admin" ? (
          <li>
            <Link to="/vendor/webhooks">{t("nav.webhooks")}</Link>
          </li>
        ) : null}
        {user?.role === "vendor_admin" ? (
          <li>
            <Link to="/vendor/transparency">{t("nav.publicResponse")}</Link>
          </li>
        ) : null}
        {user?.role === "regulator" ? (
          <li>
            <Link to="/regulator">{t("nav.regulator")}</Link>
          </li>
        ) : null}
        {user?.role === "regulator" ? (
          <li>
            <Link to="/regulator/cases">{t("nav.cases")}</Link>
          </li>
        ) : null}
        {user?.role === "regulator" ? (
          <li>
            <Link to="/regulator/audit">{t("nav.audit")}</Link>
          </li>
        ) : null}
        {user?.role === "admin" ? (
          <li>
            <Link to="/admin">{t("nav.admin")}</Link>
          </li>
        ) : null}
        {user?.role === "admin" ? (
          <li>
            <Link to="/admin/transparency">{t("nav.responseModeration")}</Link>
          </li>
        ) : null}
        {user?.role === "admin" || user?.role === "vendor_admin" ? (
          <li>
            <Link to="/accounts">{t("nav.accounts")}</Link>
          </li>
        ) : null}
        {resident ? null : (
          <li>
            <Link to="/transparency">{t("nav.transparency")}</Link>
          </li>
        )}
        {user ? (
          <li>
            <Link to="/account/two-factor">{t("nav.twoFactor")}</Link>
          </li>
        ) : null}
        {mailbox ? (
          <li>
            <Link to="/dev/mailbox">{t("nav.mailbox")}</Link>
          </li>
        ) : null}
        {user ? (
          <li>
            <form method="post" action="/logout" className="inline-form">
              <button type="submit" className="link-button">
                {t("nav.logout", { name: user.name })}
              </button>
            </form>
          </li>
        ) : (
          <li>
            <Link to="/login">{t("nav.login")}</Link>
          </li>
        )}
      </ul>
    </nav>
  );
}

function FooterHelp() {
  const { t } = useTranslation();
  return (
    <p>
      {t("footer.text")} <Link to="/#help">{t("footer.help")}</Link> · <Link to="/law">{t("law.footer")}</Link>
    </p>
  );
}

export default function App() {
  const data = useRootData();
  return (
    <Shell {...data}>
      <Outlet />
    </Shell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRootData();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return (
    <Shell {...data}>
      <ErrorMessage status={status} />
    </Shell>
  );
}

function ErrorMessage({ status }: { status: number }) {
  const page = usePageMessages();
  const tr = page ? createTranslator(page.locale, page.messages) : null;
  const t = (k: string, fallback: string) => (tr ? tr(k) : fallback);
  // Generic text only: never a stack trace, SQL or path.
  if (status === 429)
    return (
      <>
        <h1>{t("errors.page429Title", "Too many attempts")}</h1>
        <p>
          {t(
            "errors.page429Body",
            "For your protection this action is limited. Please wait a few minutes and try again.",
          )}
        </p>
      </>
    );
  if (status === 404)
    return (
      <>
        <h1>{t("errors.page404Title", "Page not found")}</h1>
        <p>{t("errors.page404Body", "This page does not exist, or you do not have access to it.")}</p>
      </>
    );
  return (
    <>
      <h1>{t("errors.page500Title", "Something went wrong")}</h1>
      <p>
        {t(
          "errors.page500Body",
          "Nothing you submitted was lost if you saw a confirmation. Please try again in a moment.",
        )}
      </p>
    </>
  );
}
