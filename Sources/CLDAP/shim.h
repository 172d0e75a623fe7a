#ifndef CLDAP_SHIM_H
#define CLDAP_SHIM_H

#include <ldap.h>
#include <lber.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>

/*
 * Non-variadic, typed wrappers around the OpenLDAP calls whose arguments are
 * macros or untyped pointers, which Swift cannot pass as they are.
 */

/* MARK: options */

static inline int cldap_set_int(LDAP *ld, int option, int value) {
    return ldap_set_option(ld, option, &value);
}

static inline int cldap_set_string(LDAP *ld, int option, const char *value) {
    return ldap_set_option(ld, option, value);
}

static inline int cldap_set_off(LDAP *ld, int option) {
    return ldap_set_option(ld, option, LDAP_OPT_OFF);
}

static inline int cldap_set_timeout(LDAP *ld, int option, long milliseconds) {
    struct timeval timeout;
    timeout.tv_sec = milliseconds / 1000;
    timeout.tv_usec = (milliseconds % 1000) * 1000;
    return ldap_set_option(ld, option, &timeout);
}

/* The server's diagnostic text for the last operation, or NULL; free it with ldap_memfree. */
static inline char *cldap_diagnostic(LDAP *ld) {
    char *text = NULL;
    if (ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &text) != LDAP_OPT_SUCCESS) return NULL;
    return text;
}

/* Reads the library's global settings once, before any thread uses it. */
static inline void cldap_initialize_library(void) {
    int version = 0;
    (void)ldap_get_option(NULL, LDAP_OPT_PROTOCOL_VERSION, &version);
}

/* MARK: operations */

/* A simple bind (RFC 4513 §5.1) as `dn` with `length` bytes of `password`. */
static inline int cldap_simple_bind(LDAP *ld, const char *dn, const char *password, size_t length) {
    struct berval credentials;
    credentials.bv_val = (char *)password;
    credentials.bv_len = length;
    return ldap_sasl_bind_s(ld, dn, LDAP_SASL_SIMPLE, &credentials, NULL, NULL, NULL);
}

/*
 * One search, or one page of it when `paged` (the paged-results control of RFC 2696,
 * page_size entries, with `cookie` from the previous page or NULL for the first;
 * page_size 0 with the cookie abandons the search, releasing it on the server).
 * Returns the result code; *result holds whatever entries came back (free it with
 * ldap_msgfree, even on an error), and *next_cookie the cookie of the next page
 * (bv_val NULL when this was the last; free bv_val with ber_memfree).
 */
static inline int cldap_search(LDAP *ld, const char *base, int scope, const char *filter, char **attributes,
                               int paged, int page_size, struct berval *cookie, long timeout_ms, int size_limit,
                               LDAPMessage **result, struct berval *next_cookie) {
    LDAPControl *page = NULL;
    LDAPControl *controls[2] = {NULL, NULL};
    LDAPControl **returned = NULL;
    struct timeval timeout;
    int code, parsed, result_code = LDAP_SUCCESS;

    *result = NULL;
    next_cookie->bv_val = NULL;
    next_cookie->bv_len = 0;
    timeout.tv_sec = timeout_ms / 1000;
    timeout.tv_usec = (timeout_ms % 1000) * 1000;
    if (paged) {
        code = ldap_create_page_control(ld, page_size, cookie, 0, &page);
        if (code != LDAP_SUCCESS) return code;
        controls[0] = page;
    }
    code = ldap_search_ext_s(ld, base, scope, filter, attributes, 0, page ? controls : NULL, NULL, &timeout,
                             size_limit, result);
    if (page) ldap_control_free(page);
    if (*result == NULL || !paged) return code;
    parsed = ldap_parse_result(ld, *result, &result_code, NULL, NULL, NULL, &returned, 0);
    if (parsed == LDAP_SUCCESS && returned != NULL) {
        LDAPControl *response = ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, returned, NULL);
        if (response != NULL) {
            ber_int_t estimate = 0;
            if (ldap_parse_pageresponse_control(ld, response, &estimate, next_cookie) != LDAP_SUCCESS) {
                next_cookie->bv_val = NULL;
                next_cookie->bv_len = 0;
            }
        }
        ldap_controls_free(returned);
    }
    if (next_cookie->bv_val != NULL && next_cookie->bv_len == 0) {
        ber_memfree(next_cookie->bv_val);
        next_cookie->bv_val = NULL;
    }
    return code;
}

/* MARK: signals */

/* libldap writes to its sockets with write(2): a server that hung up must not end the process with SIGPIPE. */
static inline void cldap_ignore_sigpipe(void) {
    signal(SIGPIPE, SIG_IGN);
}

#endif
