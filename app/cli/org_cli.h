/*
 * org_cli: `mestring org add|list`, to set up the organisations before
 * the first users.
 */
#ifndef MESTRING_ORG_CLI_H
#define MESTRING_ORG_CLI_H

/* Exit status: 0, 1 when it failed, 2 for a usage error. */
int org_cli(int argc, char **argv);

#endif
