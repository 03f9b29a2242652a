/*
 * The route table, read top to bottom: method, path, handler, and who may
 * call it. server.c checks the access rule before any handler runs, and
 * refuses every state-changing request without a valid CSRF token unless
 * the route itself starts a session (ROUTE_NO_CSRF).
 */
#include "asset.h"
#include "audit.h"
#include "auth.h"
#include "home.h"
#include "http.h"
#include "organisation.h"
#include "user.h"

#define ADMIN ALLOW(ROLE_ADMIN)
#define STAFF ALLOW_STAFF
#define PUBLIC ACCESS_PUBLIC

const struct route http_routes[] = {
	/* Public: health, assets, login. */
	{HTTP_GET, "/healthz", home_healthz, PUBLIC},
	{HTTP_GET, "/static/{token}", asset_handle, PUBLIC | ROUTE_CACHEABLE},
	{HTTP_GET, "/favicon.ico", asset_handle, PUBLIC | ROUTE_CACHEABLE},
	{HTTP_GET, "/", home_root, PUBLIC},
	{HTTP_GET, "/login", auth_login_page, PUBLIC},
	{HTTP_POST, "/login", auth_login, PUBLIC | ROUTE_NO_CSRF},

	/* Every member of staff: their start page and own account. */
	{HTTP_POST, "/logout", auth_logout, STAFF},
	{HTTP_GET, "/start", home_start, STAFF},
	{HTTP_GET, "/account", auth_password_page, STAFF},
	{HTTP_POST, "/account/password", auth_password, STAFF},
	{HTTP_GET, "/confirm", auth_confirm_page, STAFF},
	{HTTP_POST, "/confirm", auth_confirm, STAFF},

	/* Administration. */
	{HTTP_GET, "/users", user_list_page, ADMIN},
	{HTTP_GET, "/users/new", user_new_page, ADMIN},
	{HTTP_POST, "/users", user_create, ADMIN},
	{HTTP_GET, "/users/{id}", user_edit_page, ADMIN},
	{HTTP_POST, "/users/{id}", user_update, ADMIN},
	{HTTP_POST, "/users/{id}/password", user_reset_password, ADMIN},
	{HTTP_POST, "/users/{id}/deactivate", user_deactivate, ADMIN},
	{HTTP_POST, "/users/{id}/activate", user_activate, ADMIN},
	{HTTP_GET, "/organisations", organisation_list_page, ADMIN},
	{HTTP_POST, "/organisations", organisation_create, ADMIN},
	{HTTP_POST, "/organisations/{id}", organisation_update, ADMIN},
	{HTTP_GET, "/audit", audit_page, ADMIN},

	/* JSON API: the same actions under the same rules. */
	{HTTP_POST, "/api/v1/session", auth_api_login, PUBLIC | ROUTE_NO_CSRF},
	{HTTP_GET, "/api/v1/session", auth_api_session, STAFF},
	{HTTP_DELETE, "/api/v1/session", auth_api_logout, STAFF},
	{HTTP_PUT, "/api/v1/session/password", auth_api_password, STAFF},
	{HTTP_POST, "/api/v1/session/confirm", auth_api_confirm, STAFF},
	{HTTP_GET, "/api/v1/users", user_api_list, ADMIN},
	{HTTP_POST, "/api/v1/users", user_api_create, ADMIN},
	{HTTP_GET, "/api/v1/users/{id}", user_api_get, ADMIN},
	{HTTP_PATCH, "/api/v1/users/{id}", user_api_update, ADMIN},
	{HTTP_GET, "/api/v1/organisations", organisation_api_list, ADMIN},
	{HTTP_POST, "/api/v1/organisations", organisation_api_create, ADMIN},
	{HTTP_PATCH, "/api/v1/organisations/{id}", organisation_api_update,
	 ADMIN},
	{HTTP_GET, "/api/v1/audit", audit_api_list, ADMIN},
};

const size_t http_routes_len = sizeof(http_routes) / sizeof(http_routes[0]);
