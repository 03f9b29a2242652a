/*
 * layout: what every page has around its content: the user, the menu of
 * the pages each role works from, the CSRF token for forms, and the asset
 * versions. Plumbing calls it through http_layout (http.h).
 */
#include "asset.h"
#include "http.h"

#include <string.h>

/* The menu of the layout, per role: the pages each role works from. */
struct layout_menu_item {
	const char *href;
	const char *label;
	unsigned roles;
};

static const struct layout_menu_item layout_menu[] = {
	{"/start", "Forside", ALLOW_STAFF},
	{"/cohorts", "Hold",
	 ALLOW(ROLE_PROJECT_LEADER) | ALLOW(ROLE_CASEWORKER) |
		 ALLOW(ROLE_CONSULTANT) | ALLOW(ROLE_INSTRUCTOR) |
		 ALLOW(ROLE_MENTOR)},
	{"/participants", "Deltagere",
	 ALLOW(ROLE_PROJECT_LEADER) | ALLOW(ROLE_CASEWORKER) |
		 ALLOW(ROLE_CONSULTANT) | ALLOW(ROLE_INSTRUCTOR) |
		 ALLOW(ROLE_MENTOR)},
	{"/companies", "Virksomheder",
	 ALLOW(ROLE_PROJECT_LEADER) | ALLOW(ROLE_CASEWORKER) |
		 ALLOW(ROLE_CONSULTANT) | ALLOW(ROLE_INSTRUCTOR)},
	{"/reports", "Resultater",
	 ALLOW(ROLE_PROJECT_LEADER) | ALLOW(ROLE_CASEWORKER) |
		 ALLOW(ROLE_CONSULTANT) | ALLOW(ROLE_INSTRUCTOR)},
	{"/users", "Brugere", ALLOW(ROLE_ADMIN)},
	{"/organisations", "Organisationer", ALLOW(ROLE_ADMIN)},
	{"/audit", "Revisionslog", ALLOW(ROLE_ADMIN)},
	{"/outbox", "Mailkø", ALLOW(ROLE_ADMIN)},
	{"/account", "Min konto", ALLOW_STAFF},
};

static void layout_fill(struct req *r, struct view *v)
{
	size_t i, n;

	view_set(v, "css_version", asset_version("style.css"));
	view_set(v, "js_version", asset_version("app.js"));
	if (r->session == NULL)
		return;
	view_set_bool(v, "signed_in", true);
	view_set(v, "user_name", r->session->name);
	view_set(v, "user_role", role_label(r->session->role));
	view_set(v, "csrf", r->session->csrf);
	for (i = 0; i < sizeof(layout_menu) / sizeof(layout_menu[0]); i++) {
		struct view *item;

		if (!(layout_menu[i].roles & ALLOW(r->session->role)))
			continue;
		item = view_add(v, "menu");
		view_set(item, "href", layout_menu[i].href);
		view_set(item, "label", layout_menu[i].label);
		n = strlen(layout_menu[i].href);
		view_set_bool(
			item, "current",
			strncmp(r->path, layout_menu[i].href, n) == 0 &&
				(r->path[n] == '\0' || r->path[n] == '/'));
	}
}

void (*const http_layout)(struct req *r, struct view *v) = layout_fill;
