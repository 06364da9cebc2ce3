// POST /api/staff/auto/confirm – confirms a hold made by POST /api/staff/auto/quote: the very same handler and
// answers as POST /api/staff/manual/confirm (a hold is a hold, whoever chose its tables).
export { POST } from "@/app/api/staff/manual/confirm/route";

export const dynamic = "force-dynamic";
