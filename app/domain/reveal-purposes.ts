/**
 * Why a regulator reveals a resident's identity. Kept apart from schemas.ts (zod) so that the
 * page rendering the choice does not pull zod into the browser bundle.
 */
export const REVEAL_PURPOSES = ["complaint", "investigation", "audit", "legal_proceeding"] as const;
export type RevealPurpose = (typeof REVEAL_PURPOSES)[number];
