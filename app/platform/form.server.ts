// Reading an admin form post. A body that is not a form (no content type, JSON, garbage) is the
// client's mistake: a 400 that says so, never a 500 from inside a route.
export async function readForm(request: Request): Promise<FormData> {
  if (request.method !== "POST") {
    throw new Response("Forms are sent with POST.\n", {
      status: 405,
      headers: { allow: "POST", "content-type": "text/plain; charset=utf-8" },
    });
  }
  try {
    return await request.formData();
  } catch {
    throw Response.json(
      { ok: false, error: "The request body must be a form (application/x-www-form-urlencoded or multipart/form-data)." },
      { status: 400 },
    );
  }
}
