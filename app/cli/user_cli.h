/*
 * user_cli: `mestring user add|passwd|disable|list`, for the first
 * administrator and for when nobody can log in.
 */
#ifndef MESTRING_USER_CLI_H
#define MESTRING_USER_CLI_H

/* Exit status: 0, 1 when it failed, 2 for a usage error. */
int user_cli(int argc, char **argv);

#endif
