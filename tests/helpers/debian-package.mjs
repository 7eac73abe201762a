/**
 * Installs a Debian package the test run needs (Chromium, PostgreSQL) with apt-get when it is
 * missing and the run is root; otherwise prints the one command to run. Never downloads
 * anything else (no Playwright browsers).
 */
export function ensureDebianPackage({ name, present, purpose }, run) {
  if (present()) return true;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) {
    console.error(`${purpose} needs Debian's ${name}. Install it with:\n  sudo apt-get install -y ${name}`);
    return false;
  }
  console.log(`Installing Debian's ${name} for ${purpose} (apt-get)…`);
  if (run("apt-get", ["update", "-qq"]) !== 0) return false;
  return (
    run("apt-get", ["install", "-y", "-qq", name], { env: { DEBIAN_FRONTEND: "noninteractive" } }) === 0 && present()
  );
}
