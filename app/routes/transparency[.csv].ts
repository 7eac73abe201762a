import { formatBoardCsv } from "~/server/transparency/board-open-data.server";
import { getPublicBoard } from "~/server/transparency/board-cache.server";
import { openDataQuerySchema } from "~/server/transparency/board-open-data.server";
import { now } from "~/server/core/runtime.server";

/**
 * GET /transparency.csv: the public board as open data (CC BY 4.0), one row per company, period,
 * scope and request type; `?type=access` (deletion, correction, opt_out, limit) keeps one type's rows.
 */
export async function loader({ request }: { request: Request }) {
  const query = openDataQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return new Response("Unknown request type", { status: 400 });
  const type = query.data.type;
  return new Response(formatBoardCsv(await getPublicBoard(now()), type), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="transparency${type ? `-${type}` : ""}.csv"`,
      "Cache-Control": "public, max-age=300",
    },
  });
}
