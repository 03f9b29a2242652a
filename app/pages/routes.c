/*
 * The route table, read top to bottom: method, path, handler, and who may
 * call it. server.c checks the access rule before any handler runs, and
 * refuses every state-changing request without a valid CSRF token unless
 * the route itself starts a session (ROUTE_NO_CSRF).
 */
#include "absence_page.h"
#include "account.h"
#include "aftercare_page.h"
#include "agreement_page.h"
#include "attendance_export.h"
#include "attendance_page.h"
#include "attendance_stats_page.h"
#include "audit_page.h"
#include "calendar_page.h"
#include "closure_page.h"
#include "cohort_api.h"
#include "cohort_page.h"
#include "company_api.h"
#include "company_page.h"
#include "day_page.h"
#include "feed_page.h"
#include "feedback_export.h"
#include "home.h"
#include "host_overview_page.h"
#include "host_page.h"
#include "host_panel.h"
#include "http.h"
#include "internship_api.h"
#include "internship_calendar.h"
#include "internship_page.h"
#include "internship_print.h"
#include "login.h"
#include "organisations.h"
#include "outbox_page.h"
#include "participant_api.h"
#include "participant_page.h"
#include "participants.h"
#include "plan_api.h"
#include "plan_page.h"
#include "report_page.h"
#include "static.h"
#include "talk_page.h"
#include "users.h"

#define ADMIN  ALLOW(ROLE_ADMIN)
#define LEADER ALLOW(ROLE_PROJECT_LEADER)
/* Who works with cohorts; which cohorts each sees is cohort_get's rule. */
#define COHORT_STAFF                                                           \
	(ALLOW(ROLE_PROJECT_LEADER) | ALLOW(ROLE_CASEWORKER) |                 \
	 ALLOW(ROLE_CONSULTANT) | ALLOW(ROLE_INSTRUCTOR) | ALLOW(ROLE_MENTOR))
/* Who works with participants; which ones each sees, and what of them, is
 * participant_access's rule. */
#define PARTICIPANT_STAFF COHORT_STAFF
/* Who refers citizens and keeps their record. */
#define REFERRERS    (ALLOW(ROLE_PROJECT_LEADER) | ALLOW(ROLE_CASEWORKER))
#define VISITORS     (ALLOW(ROLE_PROJECT_LEADER) | ALLOW(ROLE_INSTRUCTOR))
#define STATUS_STAFF (REFERRERS | ALLOW(ROLE_INSTRUCTOR))
/* Who makes and changes internships (internship_may_write narrows it to
 * the citizens they work with). */
#define INTERNSHIP_STAFF (REFERRERS | ALLOW(ROLE_CONSULTANT))
#define AGREEMENT_STAFF                                                        \
	(REFERRERS | ALLOW(ROLE_INSTRUCTOR) | ALLOW(ROLE_CONSULTANT))
/* Numbers without names: everyone who works with cohorts but mentors. */
#define REPORT_STAFF AGREEMENT_STAFF
/* Who registers and changes host companies (for their own organisation:
 * company_may_change); who sees one is company_load's rule. */
#define COMPANY_STAFF (ALLOW(ROLE_CONSULTANT) | ALLOW(ROLE_PROJECT_LEADER))
#define STAFF	      ALLOW_STAFF
#define PUBLIC	      ACCESS_PUBLIC
/* Who may give a host company the employer's calendar of an internship:
 * those who write internships (internship_may_write narrows it). */
#define EMPLOYER_CALENDAR_STAFF (REFERRERS | ALLOW(ROLE_CONSULTANT))
/* Who changes an internship's step-up plan (the handlers narrow it with
 * internship_may_write). */
#define PLAN_WRITERS (REFERRERS | ALLOW(ROLE_CONSULTANT))
/* Who makes internships send and revoke hosts' links (internship.h); who
 * sees all of an internship reads the hosts' feedback. */
#define HOST_LINK_STAFF	    (REFERRERS | ALLOW(ROLE_CONSULTANT))
#define HOST_FEEDBACK_STAFF (HOST_LINK_STAFF | ALLOW(ROLE_INSTRUCTOR))

const struct route http_routes[] = {
	/* Public: health, assets, login. */
	{HTTP_GET, "/healthz", home_healthz, PUBLIC},
	{HTTP_GET, "/static/{token}", static_asset, PUBLIC | ROUTE_CACHEABLE},
	{HTTP_GET, "/favicon.ico", static_asset, PUBLIC | ROUTE_CACHEABLE},
	{HTTP_GET, "/", home_root, PUBLIC},
	{HTTP_GET, "/login", login_page, PUBLIC},
	{HTTP_POST, "/login", login_post, PUBLIC | ROUTE_NO_CSRF},

	/* Every member of staff: their start page and own account. */
	{HTTP_POST, "/logout", login_logout, STAFF},
	{HTTP_GET, "/start", home_start, STAFF},
	/* The start page's signals from hosts (host_overview_page.c): who
	 * follows the citizen marks one seen (the handler checks). */
	{HTTP_POST, "/host-alerts/{id}/seen", host_overview_page_seen,
	 PARTICIPANT_STAFF},
	{HTTP_GET, "/account", account_page, STAFF},
	{HTTP_POST, "/account/password", account_password, STAFF},
	{HTTP_GET, "/confirm", account_confirm_page, STAFF},
	{HTTP_POST, "/confirm", account_confirm, STAFF},

	/* Administration. */
	{HTTP_GET, "/users", users_list_page, ADMIN},
	{HTTP_GET, "/users/new", users_new_page, ADMIN},
	{HTTP_POST, "/users", users_create, ADMIN},
	{HTTP_GET, "/users/{id}", users_edit_page, ADMIN},
	{HTTP_POST, "/users/{id}", users_update, ADMIN},
	{HTTP_POST, "/users/{id}/password", users_reset_password, ADMIN},
	{HTTP_POST, "/users/{id}/deactivate", users_deactivate, ADMIN},
	{HTTP_POST, "/users/{id}/activate", users_activate, ADMIN},
	{HTTP_GET, "/organisations", organisations_page, ADMIN},
	{HTTP_POST, "/organisations", organisations_create, ADMIN},
	{HTTP_POST, "/organisations/{id}", organisations_update, ADMIN},
	{HTTP_GET, "/audit", audit_page_list, ADMIN},

	/* Cohorts, their course days and closure days. Project leaders
	 * change them (and the handlers check it is their cohort). */
	{HTTP_GET, "/cohorts", cohort_page_list, COHORT_STAFF},
	{HTTP_GET, "/cohorts/new", cohort_page_new, LEADER},
	{HTTP_POST, "/cohorts", cohort_page_create, LEADER},
	{HTTP_GET, "/cohorts/{id}", cohort_page_show, COHORT_STAFF},
	{HTTP_GET, "/cohorts/{id}/edit", cohort_page_edit, LEADER},
	{HTTP_POST, "/cohorts/{id}", cohort_page_update, LEADER},
	{HTTP_POST, "/cohorts/{id}/status", cohort_page_status, LEADER},
	{HTTP_POST, "/cohorts/{id}/staff", cohort_page_staff_add, LEADER},
	{HTTP_POST, "/cohorts/{id}/staff/remove", cohort_page_staff_remove,
	 LEADER},
	{HTTP_GET, "/cohorts/{id}/timeline.svg", cohort_page_timeline,
	 COHORT_STAFF},
	{HTTP_GET, "/cohorts/{id}/capacity.svg", cohort_page_capacity,
	 COHORT_STAFF},
	{HTTP_POST, "/cohorts/{id}/days", day_page_add, LEADER},
	{HTTP_POST, "/cohorts/{id}/closures", closure_page_add, LEADER},
	{HTTP_POST, "/cohorts/{id}/closures/import", closure_page_import,
	 LEADER},
	{HTTP_POST, "/cohorts/{id}/closures/apply", closure_page_apply, LEADER},
	{HTTP_POST, "/closures/{id}/delete", closure_page_delete, LEADER},
	{HTTP_GET, "/days/{id}", day_page_show, COHORT_STAFF},
	{HTTP_POST, "/days/{id}", day_page_update, LEADER},
	{HTTP_POST, "/days/{id}/cancel", day_page_cancel, LEADER},
	{HTTP_POST, "/days/{id}/restore", day_page_restore, LEADER},

	/* Participants: referral, visitation, status, outcomes; their talks,
	 * agreement guide and aftercare. Handlers narrow each rule to the
	 * participant (participant_may). */
	{HTTP_GET, "/participants", participants_page_list, PARTICIPANT_STAFF},
	{HTTP_POST, "/participants/search", participants_page_search,
	 PARTICIPANT_STAFF},
	{HTTP_GET, "/cohorts/{id}/referral", participant_page_new, REFERRERS},
	{HTTP_POST, "/participants", participant_page_create, REFERRERS},
	{HTTP_GET, "/participants/{id}", participant_page_show,
	 PARTICIPANT_STAFF},
	{HTTP_GET, "/participants/{id}/edit", participant_page_edit, REFERRERS},
	{HTTP_POST, "/participants/{id}", participant_page_update, REFERRERS},
	{HTTP_POST, "/participants/{id}/visitation",
	 participant_page_visitation, VISITORS},
	{HTTP_POST, "/participants/{id}/status", participant_page_status,
	 STATUS_STAFF},
	{HTTP_POST, "/participants/{id}/outcomes", participant_page_outcome,
	 REFERRERS},
	{HTTP_GET, "/participants/{id}/cpr", participant_page_cpr,
	 REFERRERS | ROUTE_CONFIRMED},
	{HTTP_POST, "/participants/{id}/cpr", participant_page_cpr_reveal,
	 REFERRERS | ROUTE_CONFIRMED},
	{HTTP_GET, "/participants/{id}/access", participant_page_access,
	 REFERRERS},
	{HTTP_POST, "/participants/{id}/talks", talk_page_add,
	 PARTICIPANT_STAFF},
	{HTTP_POST, "/talks/{id}", talk_page_update, PARTICIPANT_STAFF},
	{HTTP_GET, "/participants/{id}/agreement", agreement_page_show,
	 AGREEMENT_STAFF},
	{HTTP_POST, "/participants/{id}/agreement", agreement_page_save,
	 AGREEMENT_STAFF},
	{HTTP_GET, "/participants/{id}/agreement/print", agreement_page_print,
	 AGREEMENT_STAFF},
	{HTTP_POST, "/participants/{id}/aftercare", aftercare_page_add,
	 REFERRERS},
	/* Internships (internship_page.c, internship_print.c): mentors see
	 * their mentee's in outline; the handlers narrow the rest. */
	{HTTP_GET, "/participants/{id}/internships/new", internship_page_new,
	 INTERNSHIP_STAFF},
	{HTTP_POST, "/participants/{id}/internships", internship_page_create,
	 INTERNSHIP_STAFF},
	{HTTP_GET, "/internships/{id}", internship_page_show,
	 PARTICIPANT_STAFF},
	{HTTP_POST, "/internships/{id}", internship_page_update,
	 INTERNSHIP_STAFF},
	{HTTP_POST, "/internships/{id}/status", internship_page_status,
	 INTERNSHIP_STAFF},
	{HTTP_GET, "/internships/{id}/print", internship_page_print,
	 AGREEMENT_STAFF},
	{HTTP_GET, "/reports", report_page_show, REPORT_STAFF},
	{HTTP_GET, "/reports/outcomes.csv", report_page_csv, REPORT_STAFF},

	/* An internship's step-up plan (app/pages/plan_page.c): who sees
	 * the internship sees it; internship_may_write says who changes it. */
	{HTTP_GET, "/internships/{id}/plan", plan_page_show, PARTICIPANT_STAFF},
	{HTTP_POST, "/internships/{id}/plan", plan_page_save, PLAN_WRITERS},

	/* Attendance (attendance_page.c, absence_page.c). Instructors and
	 * project leaders mark (the handlers narrow it to the day's cohort);
	 * absence ahead is announced by the participant's instructors,
	 * caseworker, mentor and project leaders (absence_may_announce). */
	{HTTP_GET, "/days/{id}/attendance", attendance_page_day, VISITORS},
	{HTTP_POST, "/days/{id}/attendance", attendance_page_save, VISITORS},
	{HTTP_GET, "/participants/{id}/absences", absence_page_show,
	 PARTICIPANT_STAFF},
	{HTTP_POST, "/participants/{id}/absences", absence_page_add,
	 STATUS_STAFF | ALLOW(ROLE_MENTOR)},
	{HTTP_POST, "/absences/{id}/withdraw", absence_page_withdraw,
	 STATUS_STAFF | ALLOW(ROLE_MENTOR)},

	/* Attendance numbers, grid and exports (attendance_stats_page.c,
	 * attendance_export.c). The cohort's project leaders and instructors;
	 * caseworkers see their own citizens' rows (the handlers narrow it). */
	{HTTP_GET, "/cohorts/{id}/attendance", attendance_stats_page_show,
	 REFERRERS | ALLOW(ROLE_INSTRUCTOR)},
	{HTTP_GET, "/cohorts/{id}/attendance.svg", attendance_stats_page_svg,
	 REFERRERS | ALLOW(ROLE_INSTRUCTOR)},
	{HTTP_GET, "/cohorts/{id}/attendance.csv", attendance_export_csv,
	 REFERRERS | ALLOW(ROLE_INSTRUCTOR)},
	{HTTP_GET, "/cohorts/{id}/attendance.xlsx", attendance_export_xlsx,
	 REFERRERS | ALLOW(ROLE_INSTRUCTOR)},
	/* The hosts' feedback of a week (feedback_export.c): who works with
	 * the cohort but mentors; the rows of citizens seen at work access. */
	{HTTP_GET, "/cohorts/{id}/feedback.csv", feedback_export_csv,
	 AGREEMENT_STAFF},
	{HTTP_GET, "/cohorts/{id}/feedback.xlsx", feedback_export_xlsx,
	 AGREEMENT_STAFF},

	/* Calendar subscriptions (app/pages/feed_page.c, calendar_page.c). */
	/* The feed itself: the token is the credential, HEAD is answered by
	 * the GET route, and the handler sets its own Cache-Control. */
	{HTTP_GET, "/calendar/{token}", feed_page_serve,
	 PUBLIC | ROUTE_CACHEABLE},
	/* A participant's link: the handout for those who see the citizen,
	 * rotate and revoke for those who work with them (the handlers
	 * narrow it); everyone's own links on /account. */
	{HTTP_GET, "/participants/{id}/calendar", calendar_page_handout,
	 PARTICIPANT_STAFF},
	{HTTP_POST, "/participants/{id}/calendar/rotate", calendar_page_rotate,
	 PARTICIPANT_STAFF},
	{HTTP_POST, "/participants/{id}/calendar/revoke", calendar_page_revoke,
	 PARTICIPANT_STAFF},
	{HTTP_POST, "/account/calendar/rotate", calendar_page_account_rotate,
	 STAFF},
	/* An internship's employer link (app/pages/internship_calendar.c):
	 * shown, renewed and revoked by those who may write the
	 * internship. */
	{HTTP_GET, "/internships/{id}/calendar", internship_calendar_page,
	 EMPLOYER_CALENDAR_STAFF},
	{HTTP_POST, "/internships/{id}/calendar",
	 internship_calendar_page_rotate, EMPLOYER_CALENDAR_STAFF},
	{HTTP_POST, "/internships/{id}/calendar/revoke",
	 internship_calendar_page_revoke, EMPLOYER_CALENDAR_STAFF},

	/* Host companies and their contact persons (company_page.c). Every
	 * member of staff but the administrator may look (the handlers
	 * narrow it: a mentor sees only a mentee's host). */
	{HTTP_GET, "/companies", company_page_list, COHORT_STAFF},
	{HTTP_GET, "/companies/new", company_page_new, COMPANY_STAFF},
	{HTTP_POST, "/companies", company_page_create, COMPANY_STAFF},
	{HTTP_GET, "/companies/{id}", company_page_show, COHORT_STAFF},
	{HTTP_GET, "/companies/{id}/edit", company_page_edit, COMPANY_STAFF},
	{HTTP_POST, "/companies/{id}", company_page_update, COMPANY_STAFF},
	{HTTP_POST, "/companies/{id}/contacts", company_page_contact,
	 COMPANY_STAFF},

	/* The internship host's pages (app/pages/host_page.c): the token is
	 * the credential, and the forms check their own double-submit token
	 * (the host has no session). Links and feedback for staff
	 * (host_panel.c): who makes internships issue and revoke. */
	{HTTP_GET, "/host/{token}", host_page_show, PUBLIC},
	{HTTP_POST, "/host/{token}/feedback", host_page_feedback,
	 PUBLIC | ROUTE_NO_CSRF},
	{HTTP_POST, "/host/{token}/stop", host_page_stop,
	 PUBLIC | ROUTE_NO_CSRF},
	{HTTP_GET, "/host/{token}/print", host_page_print, PUBLIC},
	{HTTP_POST, "/internships/{id}/host-links", host_panel_issue_page,
	 HOST_LINK_STAFF},
	{HTTP_POST, "/internships/{id}/host-links/{id}/revoke",
	 host_panel_revoke, HOST_LINK_STAFF},

	/* Mail outbox (app/pages/outbox_page.c). */
	{HTTP_GET, "/outbox", outbox_page_list, ADMIN},

	/* JSON API: the same actions under the same rules. */
	{HTTP_POST, "/api/v1/session", login_api_login, PUBLIC | ROUTE_NO_CSRF},
	{HTTP_GET, "/api/v1/session", login_api_session, STAFF},
	{HTTP_DELETE, "/api/v1/session", login_api_logout, STAFF},
	{HTTP_PUT, "/api/v1/session/password", account_api_password, STAFF},
	{HTTP_POST, "/api/v1/session/confirm", account_api_confirm, STAFF},
	{HTTP_GET, "/api/v1/users", users_api_list, ADMIN},
	{HTTP_POST, "/api/v1/users", users_api_create, ADMIN},
	{HTTP_GET, "/api/v1/users/{id}", users_api_get, ADMIN},
	{HTTP_PATCH, "/api/v1/users/{id}", users_api_update, ADMIN},
	{HTTP_GET, "/api/v1/organisations", organisations_api_list, ADMIN},
	{HTTP_POST, "/api/v1/organisations", organisations_api_create, ADMIN},
	{HTTP_PATCH, "/api/v1/organisations/{id}", organisations_api_update,
	 ADMIN},
	{HTTP_GET, "/api/v1/audit", audit_page_api, ADMIN},
	{HTTP_GET, "/api/v1/cohorts", cohort_api_list, COHORT_STAFF},
	{HTTP_POST, "/api/v1/cohorts", cohort_api_create, LEADER},
	{HTTP_GET, "/api/v1/cohorts/{id}", cohort_api_get, COHORT_STAFF},
	{HTTP_PATCH, "/api/v1/cohorts/{id}", cohort_api_update, LEADER},
	{HTTP_GET, "/api/v1/cohorts/{id}/days", day_api_list, COHORT_STAFF},
	{HTTP_POST, "/api/v1/cohorts/{id}/days", day_api_add, LEADER},
	{HTTP_GET, "/api/v1/cohorts/{id}/closures", closure_api_list,
	 COHORT_STAFF},
	{HTTP_POST, "/api/v1/cohorts/{id}/closures", closure_api_apply,
	 LEADER | ROUTE_JSON_RECORDS},
	{HTTP_POST, "/api/v1/cohorts/{id}/closures/preview",
	 closure_api_preview, LEADER | ROUTE_JSON_RECORDS},
	{HTTP_GET, "/api/v1/cohorts/{id}/report", report_api_cohort,
	 REPORT_STAFF},
	{HTTP_GET, "/api/v1/reports", report_api, REPORT_STAFF},
	{HTTP_GET, "/api/v1/days/{id}", day_api_get, COHORT_STAFF},
	{HTTP_PATCH, "/api/v1/days/{id}", day_api_update, LEADER},
	{HTTP_GET, "/api/v1/participants", participants_api_list,
	 PARTICIPANT_STAFF},
	{HTTP_POST, "/api/v1/participants", participant_api_create,
	 REFERRERS | ROUTE_JSON_RECORDS},
	{HTTP_POST, "/api/v1/participants/search", participants_api_search,
	 PARTICIPANT_STAFF},
	{HTTP_GET, "/api/v1/participants/{id}", participant_api_get,
	 PARTICIPANT_STAFF},
	{HTTP_PATCH, "/api/v1/participants/{id}", participant_api_update,
	 REFERRERS | ROUTE_JSON_RECORDS},
	{HTTP_POST, "/api/v1/participants/{id}/visitation",
	 participant_api_visitation, VISITORS},
	{HTTP_POST, "/api/v1/participants/{id}/status", participant_api_status,
	 STATUS_STAFF},
	{HTTP_POST, "/api/v1/participants/{id}/outcomes",
	 participant_api_outcome, REFERRERS},
	{HTTP_POST, "/api/v1/participants/{id}/cpr", participant_api_cpr,
	 REFERRERS | ROUTE_CONFIRMED},
	{HTTP_GET, "/api/v1/participants/{id}/access", participant_api_access,
	 REFERRERS},
	{HTTP_GET, "/api/v1/participants/{id}/talks", talk_api_list,
	 PARTICIPANT_STAFF},
	{HTTP_POST, "/api/v1/participants/{id}/talks", talk_api_add,
	 PARTICIPANT_STAFF},
	{HTTP_PATCH, "/api/v1/talks/{id}", talk_api_update, PARTICIPANT_STAFF},
	{HTTP_GET, "/api/v1/participants/{id}/agreement", agreement_api_get,
	 AGREEMENT_STAFF},
	{HTTP_POST, "/api/v1/participants/{id}/agreement", agreement_api_save,
	 AGREEMENT_STAFF},
	{HTTP_GET, "/api/v1/participants/{id}/aftercare", aftercare_api_list,
	 REFERRERS},
	{HTTP_POST, "/api/v1/participants/{id}/aftercare", aftercare_api_add,
	 REFERRERS},

	/* API: internships (internship_api.c); a status step is a PATCH. */
	{HTTP_GET, "/api/v1/participants/{id}/internships", internship_api_list,
	 PARTICIPANT_STAFF},
	{HTTP_POST, "/api/v1/participants/{id}/internships",
	 internship_api_create, INTERNSHIP_STAFF},
	{HTTP_GET, "/api/v1/internships/{id}", internship_api_get,
	 PARTICIPANT_STAFF},
	{HTTP_PATCH, "/api/v1/internships/{id}", internship_api_update,
	 INTERNSHIP_STAFF},
	/* API: the step-up plan (app/pages/plan_page.c); weeks are records. */
	{HTTP_GET, "/api/v1/internships/{id}/plan", plan_api_get,
	 PARTICIPANT_STAFF},
	{HTTP_PUT, "/api/v1/internships/{id}/plan", plan_api_put,
	 PLAN_WRITERS | ROUTE_JSON_RECORDS},

	/* API: attendance (attendance_page.c, absence_page.c). */
	{HTTP_GET, "/api/v1/days/{id}/attendance", attendance_api_day,
	 VISITORS},
	{HTTP_PUT, "/api/v1/days/{id}/attendance", attendance_api_save,
	 VISITORS | ROUTE_JSON_LIST},
	{HTTP_GET, "/api/v1/participants/{id}/absences", absence_api_list,
	 PARTICIPANT_STAFF},
	{HTTP_POST, "/api/v1/participants/{id}/absences", absence_api_add,
	 STATUS_STAFF | ALLOW(ROLE_MENTOR)},
	{HTTP_POST, "/api/v1/absences/{id}/withdraw", absence_api_withdraw,
	 STATUS_STAFF | ALLOW(ROLE_MENTOR)},

	/* API: a host's signal marked seen (host_overview_page.c). */
	{HTTP_POST, "/api/v1/host-alerts/{id}/seen", host_overview_api_seen,
	 PARTICIPANT_STAFF},

	/* API: attendance numbers (attendance_stats_page.c). */
	{HTTP_GET, "/api/v1/cohorts/{id}/attendance", attendance_stats_api,
	 REFERRERS | ALLOW(ROLE_INSTRUCTOR)},

	/* API: host companies (company_api.c). */
	{HTTP_GET, "/api/v1/companies", company_api_list, COHORT_STAFF},
	{HTTP_POST, "/api/v1/companies", company_api_create,
	 COMPANY_STAFF | ROUTE_JSON_RECORDS},
	{HTTP_GET, "/api/v1/companies/{id}", company_api_get, COHORT_STAFF},
	{HTTP_PATCH, "/api/v1/companies/{id}", company_api_update,
	 COMPANY_STAFF | ROUTE_JSON_RECORDS},

	/* API: calendar subscriptions (app/pages/calendar_page.c). */
	{HTTP_GET, "/api/v1/participants/{id}/calendar", calendar_api_get,
	 PARTICIPANT_STAFF},
	{HTTP_POST, "/api/v1/participants/{id}/calendar/rotate",
	 calendar_api_rotate, PARTICIPANT_STAFF},
	{HTTP_POST, "/api/v1/participants/{id}/calendar/revoke",
	 calendar_api_revoke, PARTICIPANT_STAFF},
	{HTTP_GET, "/api/v1/internships/{id}/calendar",
	 internship_calendar_api_get, EMPLOYER_CALENDAR_STAFF},
	{HTTP_POST, "/api/v1/internships/{id}/calendar/rotate",
	 internship_calendar_api_rotate, EMPLOYER_CALENDAR_STAFF},
	{HTTP_POST, "/api/v1/internships/{id}/calendar/revoke",
	 internship_calendar_api_revoke, EMPLOYER_CALENDAR_STAFF},

	/* API: hosts' links and feedback (app/pages/host_panel.c). */
	{HTTP_POST, "/api/v1/internships/{id}/host-links", host_panel_issue_api,
	 HOST_LINK_STAFF},
	{HTTP_GET, "/api/v1/internships/{id}/feedback", host_panel_feedback_api,
	 HOST_FEEDBACK_STAFF},
};

const size_t http_routes_len = sizeof(http_routes) / sizeof(http_routes[0]);
