/**
 * The framework floor of the benchmark: a minimal Remix app (one route, no root loader) built
 * with the portal's compiler settings and served with the portal's server stack, so the cost of
 * the portal's own root (session lookup, i18n, nonce, compression of a real page) is visible.
 * @type {import('@remix-run/dev').AppConfig}
 */
export default {
  serverModuleFormat: "esm",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
