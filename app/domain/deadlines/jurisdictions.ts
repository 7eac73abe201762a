// Per-jurisdiction facts shared by all request types: display names, regime, IANA zone, holiday
// calendar and regulator. Sources: /work/shared/reference/jurisdictions.md §1-2 (facts) unless a
// comment says MEMORY.

import type { EuMemberState, HolidayCalendarSpec, JurisdictionCode, Locale, LocalizedText } from "./types";
import { EU_MEMBER_STATES, JURISDICTIONS } from "./types";

export interface JurisdictionInfo {
  code: JurisdictionCode;
  name: LocalizedText;
  regime: string;
  regimeName: LocalizedText;
  timeZone: string;
  holidayCalendar: HolidayCalendarSpec;
}

const usCalendar = (state: string, en: string, fr: string): HolidayCalendarSpec => ({
  id: "US-" + state,
  country: "US",
  state,
  place: { en, "fr-CA": fr },
  citation: `date-holidays US/${state} public holidays`,
});

const US: Record<string, JurisdictionInfo> = {
  "US-CA": {
    code: "US-CA",
    name: { en: "California", "fr-CA": "Californie" },
    regime: "CCPA/CPRA",
    regimeName: {
      en: "California Consumer Privacy Act, as amended by the CPRA",
      "fr-CA": "California Consumer Privacy Act, modifiée par la CPRA",
    },
    timeZone: "America/Los_Angeles",
    // "Business day" is undefined in the CCPA and its regulations: California state holidays are
    // used (UNSURE choice US-CA-business-day).
    holidayCalendar: usCalendar("CA", "California", "Californie"),
  },
  "US-CO": {
    code: "US-CO",
    name: { en: "Colorado", "fr-CA": "Colorado" },
    regime: "CPA",
    regimeName: { en: "Colorado Privacy Act", "fr-CA": "Colorado Privacy Act (loi du Colorado sur la vie privée)" },
    timeZone: "America/Denver",
    holidayCalendar: usCalendar("CO", "Colorado", "Colorado"),
  },
  "US-CT": {
    code: "US-CT",
    name: { en: "Connecticut", "fr-CA": "Connecticut" },
    regime: "CTDPA",
    regimeName: { en: "Connecticut Data Privacy Act", "fr-CA": "Connecticut Data Privacy Act" },
    timeZone: "America/New_York",
    holidayCalendar: usCalendar("CT", "Connecticut", "Connecticut"),
  },
  "US-VA": {
    code: "US-VA",
    name: { en: "Virginia", "fr-CA": "Virginie" },
    regime: "VCDPA",
    regimeName: { en: "Virginia Consumer Data Protection Act", "fr-CA": "Virginia Consumer Data Protection Act" },
    timeZone: "America/New_York",
    holidayCalendar: usCalendar("VA", "Virginia", "Virginie"),
  },
  "US-TX": {
    code: "US-TX",
    name: { en: "Texas", "fr-CA": "Texas" },
    regime: "TDPSA",
    regimeName: {
      en: "Texas Data Privacy and Security Act (with CUBI, Bus. & Com. Code §503.001)",
      "fr-CA": "Texas Data Privacy and Security Act (avec la CUBI, Bus. & Com. Code §503.001)",
    },
    // Most of Texas; El Paso and Hudspeth counties use America/Denver (reference §1).
    timeZone: "America/Chicago",
    holidayCalendar: usCalendar("TX", "Texas", "Texas"),
  },
  "US-WA": {
    code: "US-WA",
    name: { en: "Washington State", "fr-CA": "État de Washington" },
    regime: "MHMDA",
    regimeName: {
      en: "My Health My Data Act (RCW 19.373), with RCW 19.375 (biometric identifiers)",
      "fr-CA": "My Health My Data Act (RCW 19.373), avec la RCW 19.375 (identifiants biométriques)",
    },
    timeZone: "America/Los_Angeles",
    holidayCalendar: usCalendar("WA", "Washington State", "l'État de Washington"),
  },
  "US-IL": {
    code: "US-IL",
    name: { en: "Illinois", "fr-CA": "Illinois" },
    regime: "BIPA",
    regimeName: {
      en: "Biometric Information Privacy Act (740 ILCS 14)",
      "fr-CA": "Biometric Information Privacy Act (740 ILCS 14)",
    },
    timeZone: "America/Chicago",
    holidayCalendar: usCalendar("IL", "Illinois", "Illinois"),
  },
};

const CA: Record<string, JurisdictionInfo> = {
  CA: {
    code: "CA",
    name: { en: "Canada (federal)", "fr-CA": "Canada (fédéral)" },
    regime: "PIPEDA",
    regimeName: {
      en: "Personal Information Protection and Electronic Documents Act (PIPEDA)",
      "fr-CA": "Loi sur la protection des renseignements personnels et les documents électroniques (LPRPDE)",
    },
    // No statutory rule on the zone; the OPC sits in Gatineau (UNSURE choice CA-time-zone).
    timeZone: "America/Toronto",
    holidayCalendar: {
      id: "CA-FED",
      country: "CA",
      additions: ["ca-federal-s35"],
      place: {
        en: "Canada (federal Interpretation Act s.35)",
        "fr-CA": "au Canada (Loi d'interprétation fédérale, art. 35)",
      },
      citation: "Interpretation Act, R.S.C. 1985, c. I-21, s. 35",
    },
  },
  "CA-QC": {
    code: "CA-QC",
    name: { en: "Québec", "fr-CA": "Québec" },
    regime: "P-39.1",
    regimeName: {
      en: "Act respecting the protection of personal information in the private sector (CQLR c P-39.1), as amended by Law 25",
      "fr-CA":
        "Loi sur la protection des renseignements personnels dans le secteur privé (RLRQ c P-39.1), modifiée par la Loi 25",
    },
    timeZone: "America/Toronto",
    holidayCalendar: {
      id: "CA-QC",
      country: "CA",
      state: "QC",
      // I-16 s.61(23)(d) names Easter Monday; date-holidays marks it `optional` for QC.
      includeOptional: ["Easter Monday"],
      additions: ["ca-qc-july-2"],
      place: {
        en: "Québec (Interpretation Act I-16 s.61(23))",
        "fr-CA": "au Québec (Loi d'interprétation, RLRQ c I-16, art. 61(23))",
      },
      citation: "Loi d'interprétation, RLRQ c I-16, ss. 52, 61(23)",
    },
  },
  "CA-BC": {
    code: "CA-BC",
    name: { en: "British Columbia", "fr-CA": "Colombie-Britannique" },
    regime: "PIPA (BC)",
    regimeName: {
      en: "Personal Information Protection Act (SBC 2003, c. 63)",
      "fr-CA": "Personal Information Protection Act (SBC 2003, c. 63) de la Colombie-Britannique",
    },
    timeZone: "America/Vancouver",
    holidayCalendar: {
      id: "CA-BC",
      country: "CA",
      state: "BC",
      // Family Day is not in the s.29 list verified as of 2012 (UNSURE choice CA-BC-holidays).
      exclude: ["Family Day"],
      additions: ["ca-bc-s29"],
      place: {
        en: "British Columbia (Interpretation Act s.29)",
        "fr-CA": "en Colombie-Britannique (Interpretation Act, art. 29)",
      },
      citation: "Interpretation Act, RSBC 1996, c. 238, s. 29",
    },
  },
  "CA-AB": {
    code: "CA-AB",
    name: { en: "Alberta", "fr-CA": "Alberta" },
    regime: "PIPA (AB)",
    regimeName: {
      en: "Personal Information Protection Act (SA 2003, c. P-6.5)",
      "fr-CA": "Personal Information Protection Act (SA 2003, c. P-6.5) de l'Alberta",
    },
    timeZone: "America/Edmonton",
    holidayCalendar: {
      id: "CA-AB",
      country: "CA",
      state: "AB",
      // date-holidays `optional` Easter Monday / Heritage Day are left out (UNSURE choice CA-AB-holidays).
      place: { en: "Alberta", "fr-CA": "en Alberta" },
      citation: "Interpretation Act, RSA 2000, c. I-8, ss. 22, 28 (MEMORY); date-holidays CA/AB public holidays",
    },
  },
};

const GB: JurisdictionInfo = {
  code: "GB",
  name: { en: "United Kingdom", "fr-CA": "Royaume-Uni" },
  regime: "UK GDPR",
  regimeName: {
    en: "UK GDPR and Data Protection Act 2018 (as amended by the Data (Use and Access) Act 2025)",
    "fr-CA": "RGPD du Royaume-Uni et Data Protection Act 2018 (modifiée par la Data (Use and Access) Act 2025)",
  },
  timeZone: "Europe/London",
  holidayCalendar: {
    id: "GB-ENG",
    country: "GB",
    state: "ENG",
    place: { en: "England and Wales", "fr-CA": "en Angleterre et au pays de Galles" },
    citation: "Banking and Financial Dealings Act 1971 Sch.1 (bank holidays, England & Wales); date-holidays GB/ENG",
  },
};

// Member-state facts. Zones: the capital's tzdb zone (PT: mainland, not Azores/Madeira; ES:
// peninsular, not Canaries). Regulators and URLs: MEMORY (not in the reference file).
const EU_FACTS: Record<
  EuMemberState,
  { en: string; fr: string; fr_in: string; tz: string; dpa: string; dpaFr?: string; url: string }
> = {
  AT: {
    en: "Austria",
    fr: "Autriche",
    fr_in: "en Autriche",
    tz: "Europe/Vienna",
    dpa: "Datenschutzbehörde (Austrian Data Protection Authority)",
    url: "https://www.dsb.gv.at",
  },
  BE: {
    en: "Belgium",
    fr: "Belgique",
    fr_in: "en Belgique",
    tz: "Europe/Brussels",
    dpa: "Data Protection Authority (Belgium)",
    dpaFr: "Autorité de protection des données (Belgique)",
    url: "https://www.autoriteprotectiondonnees.be",
  },
  BG: {
    en: "Bulgaria",
    fr: "Bulgarie",
    fr_in: "en Bulgarie",
    tz: "Europe/Sofia",
    dpa: "Commission for Personal Data Protection (Bulgaria)",
    url: "https://www.cpdp.bg",
  },
  HR: {
    en: "Croatia",
    fr: "Croatie",
    fr_in: "en Croatie",
    tz: "Europe/Zagreb",
    dpa: "Personal Data Protection Agency (AZOP, Croatia)",
    url: "https://azop.hr",
  },
  CY: {
    en: "Cyprus",
    fr: "Chypre",
    fr_in: "à Chypre",
    tz: "Asia/Nicosia",
    dpa: "Commissioner for Personal Data Protection (Cyprus)",
    url: "https://www.dataprotection.gov.cy",
  },
  CZ: {
    en: "Czechia",
    fr: "Tchéquie",
    fr_in: "en Tchéquie",
    tz: "Europe/Prague",
    dpa: "Office for Personal Data Protection (ÚOOÚ, Czechia)",
    url: "https://uoou.gov.cz",
  },
  DK: {
    en: "Denmark",
    fr: "Danemark",
    fr_in: "au Danemark",
    tz: "Europe/Copenhagen",
    dpa: "Datatilsynet (Danish Data Protection Agency)",
    url: "https://www.datatilsynet.dk",
  },
  EE: {
    en: "Estonia",
    fr: "Estonie",
    fr_in: "en Estonie",
    tz: "Europe/Tallinn",
    dpa: "Andmekaitse Inspektsioon (Estonian Data Protection Inspectorate)",
    url: "https://www.aki.ee",
  },
  FI: {
    en: "Finland",
    fr: "Finlande",
    fr_in: "en Finlande",
    tz: "Europe/Helsinki",
    dpa: "Office of the Data Protection Ombudsman (Finland)",
    url: "https://tietosuoja.fi",
  },
  FR: {
    en: "France",
    fr: "France",
    fr_in: "en France",
    tz: "Europe/Paris",
    dpa: "CNIL (Commission nationale de l'informatique et des libertés)",
    dpaFr: "CNIL (Commission nationale de l'informatique et des libertés)",
    url: "https://www.cnil.fr",
  },
  DE: {
    en: "Germany",
    fr: "Allemagne",
    fr_in: "en Allemagne",
    tz: "Europe/Berlin",
    dpa: "Competent Land data protection authority (federal: BfDI)",
    dpaFr: "Autorité de protection des données du Land compétent (fédéral : BfDI)",
    url: "https://www.bfdi.bund.de",
  },
  GR: {
    en: "Greece",
    fr: "Grèce",
    fr_in: "en Grèce",
    tz: "Europe/Athens",
    dpa: "Hellenic Data Protection Authority",
    url: "https://www.dpa.gr",
  },
  IE: {
    en: "Ireland",
    fr: "Irlande",
    fr_in: "en Irlande",
    tz: "Europe/Dublin",
    dpa: "Data Protection Commission (Ireland)",
    url: "https://www.dataprotection.ie",
  },
  IT: {
    en: "Italy",
    fr: "Italie",
    fr_in: "en Italie",
    tz: "Europe/Rome",
    dpa: "Garante per la protezione dei dati personali (Italy)",
    url: "https://www.garanteprivacy.it",
  },
  LV: {
    en: "Latvia",
    fr: "Lettonie",
    fr_in: "en Lettonie",
    tz: "Europe/Riga",
    dpa: "Data State Inspectorate (Latvia)",
    url: "https://www.dvi.gov.lv",
  },
  LT: {
    en: "Lithuania",
    fr: "Lituanie",
    fr_in: "en Lituanie",
    tz: "Europe/Vilnius",
    dpa: "State Data Protection Inspectorate (Lithuania)",
    url: "https://vdai.lrv.lt",
  },
  LU: {
    en: "Luxembourg",
    fr: "Luxembourg",
    fr_in: "au Luxembourg",
    tz: "Europe/Luxembourg",
    dpa: "CNPD (National Commission for Data Protection, Luxembourg)",
    dpaFr: "CNPD (Commission nationale pour la protection des données, Luxembourg)",
    url: "https://cnpd.public.lu",
  },
  MT: {
    en: "Malta",
    fr: "Malte",
    fr_in: "à Malte",
    tz: "Europe/Malta",
    dpa: "Information and Data Protection Commissioner (Malta)",
    url: "https://idpc.org.mt",
  },
  NL: {
    en: "Netherlands",
    fr: "Pays-Bas",
    fr_in: "aux Pays-Bas",
    tz: "Europe/Amsterdam",
    dpa: "Autoriteit Persoonsgegevens (Dutch DPA)",
    url: "https://autoriteitpersoonsgegevens.nl",
  },
  PL: {
    en: "Poland",
    fr: "Pologne",
    fr_in: "en Pologne",
    tz: "Europe/Warsaw",
    dpa: "UODO (Personal Data Protection Office, Poland)",
    url: "https://uodo.gov.pl",
  },
  PT: {
    en: "Portugal",
    fr: "Portugal",
    fr_in: "au Portugal",
    tz: "Europe/Lisbon",
    dpa: "CNPD (National Data Protection Commission, Portugal)",
    url: "https://www.cnpd.pt",
  },
  RO: {
    en: "Romania",
    fr: "Roumanie",
    fr_in: "en Roumanie",
    tz: "Europe/Bucharest",
    dpa: "ANSPDCP (National Supervisory Authority, Romania)",
    url: "https://www.dataprotection.ro",
  },
  SK: {
    en: "Slovakia",
    fr: "Slovaquie",
    fr_in: "en Slovaquie",
    tz: "Europe/Bratislava",
    dpa: "Office for Personal Data Protection (Slovakia)",
    url: "https://dataprotection.gov.sk",
  },
  SI: {
    en: "Slovenia",
    fr: "Slovénie",
    fr_in: "en Slovénie",
    tz: "Europe/Ljubljana",
    dpa: "Information Commissioner (Slovenia)",
    url: "https://www.ip-rs.si",
  },
  ES: {
    en: "Spain",
    fr: "Espagne",
    fr_in: "en Espagne",
    tz: "Europe/Madrid",
    dpa: "AEPD (Spanish Data Protection Agency)",
    dpaFr: "AEPD (Agence espagnole de protection des données)",
    url: "https://www.aepd.es",
  },
  SE: {
    en: "Sweden",
    fr: "Suède",
    fr_in: "en Suède",
    tz: "Europe/Stockholm",
    dpa: "IMY (Swedish Authority for Privacy Protection)",
    url: "https://www.imy.se",
  },
  HU: {
    en: "Hungary",
    fr: "Hongrie",
    fr_in: "en Hongrie",
    tz: "Europe/Budapest",
    dpa: "NAIH (National Authority for Data Protection and Freedom of Information, Hungary)",
    url: "https://naih.hu",
  },
};

export function euRegulatorOf(code: EuMemberState): { name: LocalizedText; url: string } {
  const f = EU_FACTS[code];
  return { name: { en: f.dpa, "fr-CA": f.dpaFr ?? f.dpa }, url: f.url };
}

const EU: Record<string, JurisdictionInfo> = {};
for (const code of EU_MEMBER_STATES) {
  const f = EU_FACTS[code];
  EU[code] = {
    code,
    name: { en: f.en, "fr-CA": f.fr },
    regime: "GDPR",
    regimeName: {
      en: "General Data Protection Regulation (EU) 2016/679",
      "fr-CA": "Règlement général sur la protection des données (UE) 2016/679 (RGPD)",
    },
    timeZone: f.tz,
    holidayCalendar: {
      id: "EU-" + code,
      // date-holidays keys Greece as GR too.
      country: code,
      place: { en: f.en, "fr-CA": f.fr_in },
      citation: `Reg. (EEC, Euratom) 1182/71 Art.2(1); national public holidays of ${f.en} (date-holidays ${code})`,
    },
  };
}

export const JURISDICTION_INFO: Readonly<Record<JurisdictionCode, JurisdictionInfo>> = Object.freeze({
  ...US,
  ...CA,
  GB,
  ...EU,
} as Record<JurisdictionCode, JurisdictionInfo>);

const JURISDICTION_SET = new Set<string>(JURISDICTIONS);

export function isJurisdictionCode(x: string): x is JurisdictionCode {
  return JURISDICTION_SET.has(x);
}

export function describeJurisdiction(
  code: JurisdictionCode,
  locale: Locale,
): { code: JurisdictionCode; name: string; regime: string; regimeName: string; timeZone: string } {
  const info = JURISDICTION_INFO[code];
  if (!info) throw new RangeError(`Unknown jurisdiction: ${String(code)}`);
  const regime =
    info.regime === "GDPR" && locale === "fr-CA"
      ? "RGPD"
      : info.regime === "PIPEDA" && locale === "fr-CA"
        ? "LPRPDE"
        : info.regime;
  return { code, name: info.name[locale], regime, regimeName: info.regimeName[locale], timeZone: info.timeZone };
}

// One collator per language (localeCompare(…, locale) would build one per comparison).
const sortedByLocale = new Map<Locale, ReturnType<typeof describeJurisdiction>[]>();
/** Every jurisdiction, described in `locale` and sorted by its name there (the filing and calculator pickers). */
export function describeJurisdictions(locale: Locale): ReturnType<typeof describeJurisdiction>[] {
  let list = sortedByLocale.get(locale);
  if (!list) {
    const collator = new Intl.Collator(locale);
    list = JURISDICTIONS.map((code) => describeJurisdiction(code, locale)).sort((a, b) =>
      collator.compare(a.name, b.name),
    );
    sortedByLocale.set(locale, list);
  }
  return list.map((j) => ({ ...j }));
}
