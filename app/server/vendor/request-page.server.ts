/**
 * Everything one request's page in the vendor workspace shows (vendor.requests.$ref), read
 * through forVendor so that another vendor's reference answers 404, and shaped for the page:
 * labels in the reader's language, only the start of each file's hash, only the event details
 * the timeline prints.
 */
import { toDeadlineView } from "~/components/deadline";
import { describeJurisdiction } from "~/domain/deadlines";
import { allowedActions, DELIVERED_OPEN_STATUSES, isClosedStatus } from "~/domain/request-machine";
import { DENIAL_BASES } from "~/domain/schemas";
import type { Locale } from "~/i18n";
import { isReauthFresh, type SessionState, type SessionUser } from "../security/staff-sessions.server";
import { denialBasisLabel } from "./denial-labels.server";
import { listMessages } from "./request-messages.server";
import { RESPONSE_FILE_LIMITS } from "./response-file-rules.server";
import { forVendor } from "./vendor-access.server";

export type VendorRequestPage = ReturnType<typeof buildVendorRequestPage>;

export function buildVendorRequestPage(
  staff: { user: SessionUser & { vendorId: number }; session: SessionState },
  reference: string,
  locale: Locale,
  at: Date,
) {
  const vendor = forVendor(staff.user);
  const view = vendor.getRequest(reference, { now: at, locale });
  const r = view.request;
  return {
    reference: r.reference,
    type: r.type,
    status: r.status,
    closed: isClosedStatus(r.status),
    jurisdiction: describeJurisdiction(r.jurisdiction as never, locale),
    resident: view.resident,
    outcomeReason: r.outcome_reason,
    denialBasis: r.denial_basis ? denialBasisLabel(r.denial_basis, locale) : null,
    allowed: allowedActions(r.status),
    canExtend: Boolean(view.deadline?.extension) && !view.deadline?.extendedTo,
    // Why the extend form is absent, when the state would allow it: the staff member is told.
    noExtensionReason: !view.deadline?.extension
      ? "errors.extension_not_allowed"
      : view.deadline?.extendedTo
        ? "errors.extension_already_used"
        : null,
    // A recent step-up (password + code) means the deletion form needs no second confirmation.
    stepUpFresh: isReauthFresh(staff.session, at),
    photos: vendor.listPhotos(r.reference, at),
    // Files go with an access answer; they can change only until it is sent.
    files:
      r.type === "access"
        ? vendor.listResponseFiles(r.reference, at).map((f) => ({ ...f, sha256: f.sha256.slice(0, 12) }))
        : [],
    canAttach: r.type === "access" && (DELIVERED_OPEN_STATUSES as readonly string[]).includes(r.status),
    fileLimits: {
      maxFileMb: RESPONSE_FILE_LIMITS.maxFileBytes / 1024 / 1024,
      maxFiles: RESPONSE_FILE_LIMITS.maxFiles,
      maxTotalMb: RESPONSE_FILE_LIMITS.maxTotalBytes / 1024 / 1024,
    },
    colleagues: vendor.listColleagues(),
    assigneeId: r.assignee_user_id,
    messages: listMessages(r.id).map((m) => ({ author: m.author, body: m.body, at: m.created_at })),
    deadline: view.deadline ? toDeadlineView(view.deadline) : null,
    denialBases: DENIAL_BASES.map((b) => ({ value: b, label: denialBasisLabel(b, locale) })),
    events: view.events.map((e) => {
      const p = JSON.parse(e.payload) as Record<string, unknown>;
      return {
        type: e.type,
        at: e.at,
        payload: {
          ...(typeof p.reason === "string" ? { reason: p.reason } : {}),
          ...(typeof p.denialBasis === "string" ? { denialBasisLabel: denialBasisLabel(p.denialBasis, locale) } : {}),
        },
      };
    }),
  };
}
