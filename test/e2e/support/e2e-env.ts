/** How global-setup.ts hands the running server to the tests (Playwright passes process.env to its workers). */
export const E2E_ENV = {
  url: 'FACETAG_E2E_URL',
  token: 'FACETAG_E2E_TOKEN',
  library: 'FACETAG_E2E_LIBRARY',
  roots: 'FACETAG_E2E_ROOTS',
} as const;

export function e2eSetting(name: keyof typeof E2E_ENV): string {
  const value = process.env[E2E_ENV[name]];
  if (value === undefined) throw new Error(`${E2E_ENV[name]} is not set: run the browser tests with npm run test:web (playwright test)`);
  return value;
}
