import { useTranslation } from "~/i18n-react";
import type { BounceAlternatives } from "~/domain/vendor-contacts";

/**
 * After the letter bounced: the address that refused it and the company's other published
 * addresses, or a plain statement that it publishes none. `audience` picks the wording: the
 * resident is told what to do; the regulator sees what the resident was told.
 */
export function BounceAlternativesView({
  alt,
  audience,
}: {
  alt: BounceAlternatives;
  audience: "resident" | "regulator";
}) {
  const { t } = useTranslation();
  const resident = audience === "resident";
  return (
    <div className="bounce-alternatives">
      <p>{t("caseMail.bouncedTo", { address: alt.bouncedAddress })}</p>
      {alt.otherContacts.length > 0 ? (
        <>
          <p>{resident ? t("caseMail.otherAddresses") : t("caseMail.regulatorAlternatives")}</p>
          <ul>
            {alt.otherContacts.map((c) => (
              <li key={c.email}>
                <span className="mono">{c.email}</span>
                {c.label ? ` — ${c.label}` : null}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{resident ? t("caseMail.noOtherAddresses") : t("caseMail.regulatorNoAlternatives")}</p>
      )}
    </div>
  );
}
