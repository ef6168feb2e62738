"""The authorisation matrix as data: for every URL pattern, what each role gets.

Object URLs point at organisation A's and municipality X's objects (see matrix_data), so
``member_b`` is "another organisation" and ``officer_y`` "another municipality": they must
get 404 wherever a page is scoped to its owner. The admin answers 403 before it looks up the
object when the role lacks the model permission altogether (e.g. officer Y on a network
member page) -- that is Django's order and leaks nothing; with the permission, another
municipality's object is 404.

Columns (matrix_data.ROLES): anonymous, member_a, member_b, officer_x, officer_y,
coordinator_x, politician_x, admin_x, superuser.
"""

OK = 200
MOVED = 301
RD = 302  # a redirect that is part of the page's function (not to a login)
LOGIN = "302 to login"  # a redirect to the portal's or the admin's login page
UNAUTHORISED = 401
NO = 403
NF = 404
NA = 405  # the page only takes POST


def everyone(status):
    return (status,) * 9


def logged_in(status):
    """Anonymous visitors are sent to the login; everyone else gets ``status``."""
    return (LOGIN, *(status,) * 8)


def members_only(member_a=OK):
    """Pages of organisation A for its own people only (officers use the admin)."""
    return (LOGIN, member_a, NF, NF, NF, NF, NF, NF, NF)


def admin_row(officer_x, officer_y, coordinator_x, admin_x, superuser):
    """An admin page: roles without the admin (members, politicians) go to its login."""
    return (LOGIN, LOGIN, LOGIN, officer_x, officer_y, coordinator_x, LOGIN, admin_x, superuser)


def model_admin(label, *, changelist, add, change, delete, history):
    """The five standard admin pages of a model, plus the bare object URL that redirects
    to the change page. Each argument: (officer_x, officer_y, coordinator_x, admin_x,
    superuser)."""
    app_label, model_name = label.split(".")
    prefix = f"admin:{app_label}_{model_name}"
    return {
        f"{prefix}_changelist": admin_row(*changelist),
        f"{prefix}_add": admin_row(*add),
        f"{prefix}_change": admin_row(*change),
        f"{prefix}_delete": admin_row(*delete),
        f"{prefix}_history": admin_row(*history),
        f"admin/{app_label}/{model_name}/<path:object_id>/": admin_row(RD, RD, RD, RD, RD),
    }


def superuser_only_admin(label):
    """Technical models (users, municipalities, schedules...): the portal administrator's."""
    only = (NO, NO, NO, NO, OK)
    return model_admin(label, changelist=only, add=only, change=only, delete=only, history=only)


# --- the portal's pages ---------------------------------------------------------------------
# fmt: off
#                                     anon   mem_a  mem_b  off_x  off_y  coord  pol    adm_x  super
DASHBOARD_X =                        (LOGIN, NF,    NF,    OK,    NF,    OK,    OK,    OK,    OK)
NETWORK_INSIDE =                     (NF,    OK,    NF,    OK,    NF,    OK,    NF,    OK,    OK)
REGISTRY_DOCUMENT =                  (LOGIN, OK,    NF,    OK,    NF,    NF,    NF,    OK,    OK)
NETWORK_DOCUMENT =                   (LOGIN, OK,    NF,    OK,    NF,    OK,    NF,    OK,    OK)
COLLABORATION_DOCUMENT =             (LOGIN, OK,    NF,    OK,    NF,    OK,    OK,    OK,    OK)
ADMIN_ROLES_ONLY =                   (LOGIN, NO,    NO,    OK,    OK,    OK,    NO,    OK,    OK)
GUESTS_ONLY =                        (OK,    RD,    RD,    RD,    RD,    RD,    RD,    RD,    RD)

PORTAL = {
    "healthz":                         everyone(OK),
    "set_language":                    everyone(RD),
    "portal:home":                     everyone(OK),
    "portal:municipality":             everyone(OK),
    "insights:dashboard":              DASHBOARD_X,
    "insights:dashboard_grants":       DASHBOARD_X,
    "insights:dashboard_export":       DASHBOARD_X,
    "insights:compare":               (LOGIN, NF,    NF,    NF,    NF,    NF,    NF,    NF,    OK),
    "insights:reports":                DASHBOARD_X,
    "insights:report":                 DASHBOARD_X,
    "insights:register":               DASHBOARD_X,
    "insights:register_entry":         DASHBOARD_X,
    "insights:register_gaps":         (LOGIN, NF,    NF,    NO,    NF,    OK,    NO,    OK,    OK),
    "insights:focus_area":             DASHBOARD_X,
    "portal:my_page":                  logged_in(OK),
    "portal:my_data":                  logged_in(OK),
    "portal:delete_account":           everyone(NA),
    "portal:workspace":                ADMIN_ROLES_ONLY,
    "portal:accessibility":            everyone(OK),
    "portal:privacy":                  everyone(OK),

    "organisations:directory":         everyone(OK),
    "organisations:register_choose":   logged_in(OK),
    "organisations:register":          logged_in(OK),
    "organisations:detail":            members_only(),
    "organisations:edit":              members_only(),
    "organisations:resubmit":          logged_in(NA),
    "organisations:board":             members_only(),
    "organisations:members":           members_only(),
    "organisations:documents":         members_only(),
    "organisations:document":          REGISTRY_DOCUMENT,
    "organisations:document_delete":   logged_in(NA),
    "organisations:people":            members_only(),
    "organisations:payout":            members_only(),
    "organisations:invitation":        logged_in(OK),  # the secret token is the key

    "grants:calls":                    everyone(OK),
    "grants:call":                     everyone(OK),
    "grants:start":                    logged_in(NA),
    "grants:granted":                  everyone(OK),
    "grants:granted_json":             everyone(OK),
    "grants:granted_csv":              everyone(OK),
    "grants:applications":             logged_in(OK),
    "grants:application":              members_only(),
    "grants:autosave":                 logged_in(NA),
    "grants:receipt":                  members_only(),
    "grants:message":                  logged_in(NA),
    "grants:decision_letter":          members_only(),
    "grants:decision_letter_pdf":      members_only(),
    "grants:report":                   members_only(),
    "grants:attachment":               members_only(),
    "grants:host":                     members_only(),  # the group's host (A: none needed)
    "grants:host_requests":            logged_in(OK),  # requests where the person may sign
    "grants:host_request":             members_only(),  # A is asked: its member may sign
    "grants:invoices":                 members_only(),
    "grants:invoice_file":             members_only(),  # officers read it in the admin

    "networks:list":                   everyone(OK),
    "networks:detail":                 NETWORK_INSIDE,
    "networks:join":                   logged_in(NA),
    "networks:document_upload":        logged_in(NA),
    "networks:document":               NETWORK_DOCUMENT,
    "networks:public_feed":            everyone(OK),
    "networks:member_feed":            everyone(OK),  # the secret token is the key
    "networks:feed_renew":             logged_in(NA),  # POST only: renews one's own address
    "networks:meeting":                NETWORK_INSIDE,
    "networks:rsvp":                   logged_in(NA),
    "networks:meeting_ics":            NETWORK_INSIDE,
    "networks:action_status":          logged_in(NA),
    # Open forums (#24): anyone signs up; the secret link is the key to one's own sign-up;
    # the check-in list is the network's managers' (officers, coordinators, admins of X).
    "networks:forum_signup":           everyone(OK),
    "networks:forum_signup_page":      everyone(OK),  # the secret token is the key
    "networks:forum_cancel":           everyone(NA),
    "networks:checkin":               (NF,    NF,    NF,    OK,    NF,    OK,    NF,    OK,    OK),
    "networks:checkin_mark":           everyone(NA),
    "networks:checkin_export":        (NF,    NF,    NF,    OK,    NF,    OK,    NF,    OK,    OK),
    # Advice times (#24): X's free times for all; booking for anyone logged in; A's booking
    # for A's people and X's staff who offer advice.
    "advice:slots":                    everyone(OK),
    "advice:book":                     logged_in(OK),
    "advice:booking":                 (LOGIN, OK,    NF,    OK,    NF,    OK,    NF,    OK,    OK),
    "advice:booking_cancel":           logged_in(NA),

    "collaborations:organisation":     members_only(),
    "collaborations:propose":          members_only(),
    "collaborations:follow_up":        members_only(),  # the party's people; staff use the admin
    "collaborations:document":         COLLABORATION_DOCUMENT,  # partners' people and staff
    "collaborations:public":           everyone(OK),
    "collaborations:public_detail":    everyone(OK),
    "collaborations:open_data_json":   everyone(OK),
    "collaborations:open_data_csv":    everyone(OK),

    # Volunteering, call-outs (#23): a call-out's page for the municipality's volunteers and
    # the people of its organisations (A's and B's); the coordinators use the admin.
    "volunteering:callouts_mine":      logged_in(OK),
    "volunteering:callout":           (LOGIN, OK,    OK,    NF,    NF,    NF,    NF,    NF,    NF),
    "volunteering:callout_withdraw":   logged_in(NA),
    "volunteering:readiness":          members_only(),

    # Volunteering, recognition and figures (#23): the public thanks and awards; the
    # certificate for the municipality's volunteer (member A) only; the politicians' figures.
    "volunteering:recognitions":       everyone(OK),
    # Information (#24): the municipality's pages, contacts, stories and news are public;
    # proposing a story needs a login (the form only for an organisation's editors).
    "information:overview":            everyone(OK),
    "information:page":                everyone(OK),
    "information:contacts":            everyone(OK),
    "information:stories":             everyone(OK),
    "information:story":               everyone(OK),
    "information:news":                everyone(OK),
    "information:news_item":           everyone(OK),
    "information:story_propose":       logged_in(OK),
    "volunteering:certificate":       (LOGIN, OK,    NF,    NF,    NF,    NF,    NF,    NF,    NF),
    "volunteering:certificate_page":  (LOGIN, OK,    NF,    NF,    NF,    NF,    NF,    NF,    NF),
    "insights:volunteering":           DASHBOARD_X,

    # Volunteering, posts and volunteers (#23): the public list and post; member A is X's
    # volunteer (their profile pages; the others are sent to sign up), A's own opportunities
    # for A's people; the rest only take POST.
    "volunteering:public_posts":       everyone(OK),
    "volunteering:post":               everyone(OK),
    "volunteering:interest":          (LOGIN, OK,    RD,    RD,    RD,    RD,    RD,    RD,    RD),
    "volunteering:shift_sign_up":      logged_in(NA),
    "volunteering:signup_cancel":      logged_in(NA),
    "volunteering:mine":               logged_in(OK),
    "volunteering:volunteer_register":(LOGIN, RD,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "volunteering:volunteer_edit":    (LOGIN, OK,    RD,    RD,    RD,    RD,    RD,    RD,    RD),
    "volunteering:volunteer_status":   logged_in(NA),
    "volunteering:volunteer_remove":  (LOGIN, OK,    RD,    RD,    RD,    RD,    RD,    RD,    RD),
    "volunteering:organisation_posts": members_only(),
    "volunteering:organisation_post_new": members_only(),
    "volunteering:organisation_post_edit": members_only(),
    "volunteering:organisation_post_status": logged_in(NA),

    # Mailings to segments (#24): the opt-out link works for whoever holds it (the signed
    # token is the key, no login); taking it back is the page's button (POST only).
    "outreach:mailing_opt_out":        everyone(OK),
    "outreach:mailing_opt_in":         everyone(NA),

    # Following and alerts (#24): anyone with an account follows things of any municipality;
    # the button only takes POST; the one-click link works for whoever holds it (the signed
    # token, no login: the mail client's POST of RFC 8058 has no session).
    "outreach:follows_index":          logged_in(OK),
    "outreach:follows":                logged_in(OK),
    "outreach:follow":                 logged_in(NA),
    "outreach:alerts_stop":            everyone(OK),

    # Surveys and consultations (#24): X's consultation to a segment reaching A (not B):
    # A's people answer it and read their thanks; X's staff and politicians read it and its
    # results (the thanks page sends them to the survey); comments only take POST.
    "surveys:list":                    logged_in(OK),
    "surveys:survey":                 (LOGIN, OK,    NF,    OK,    NF,    OK,    OK,    OK,    OK),
    "surveys:comment":                 logged_in(NA),
    "surveys:thanks":                 (LOGIN, OK,    NF,    RD,    NF,    RD,    RD,    RD,    RD),
    "surveys:document":               (LOGIN, OK,    NF,    OK,    NF,    OK,    OK,    OK,    OK),
    "surveys:results":                 DASHBOARD_X,
    "surveys:results_export":          DASHBOARD_X,
}

# django-allauth: guests log in and sign up; logged-in people manage their own account.
ACCOUNTS = {
    "account_login":                   GUESTS_ONLY,
    "account_signup":                  GUESTS_ONLY,
    "account_logout":                 (RD,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "account_inactive":                everyone(OK),
    "account_reauthenticate":          logged_in(OK),
    "account_email":                   logged_in(OK),
    "account_email_verification_sent": everyone(OK),
    "account_change_password":         logged_in(OK),
    "account_set_password":            logged_in(RD),  # has a password: sent to "change"
    "account_reset_password":          everyone(OK),
    "account_confirm_login_code":      logged_in(RD),  # no login by code under way
    "account_confirm_email":           everyone(OK),
    "account_reset_password_from_key_done": everyone(OK),
    "account_reset_password_from_key": everyone(OK),
    "account_reset_password_done":     everyone(OK),
    # Two-factor pages: settings that change a factor ask to re-authenticate first.
    "mfa_index":                       logged_in(OK),
    "mfa_authenticate":                logged_in(RD),  # only during a login's 2FA step
    "mfa_reauthenticate":              logged_in(RD),
    "mfa_activate_totp":               logged_in(RD),
    "mfa_deactivate_totp":             logged_in(NF),  # nobody here has an app set up
    "mfa_view_recovery_codes":         logged_in(NF),
    "mfa_generate_recovery_codes":     logged_in(RD),
    "mfa_download_recovery_codes":     logged_in(NF),
    "mfa_list_webauthn":               logged_in(OK),
    "mfa_add_webauthn":                logged_in(RD),
    "mfa_reauthenticate_webauthn":     logged_in(RD),
    "mfa_remove_webauthn":             logged_in(RD),  # someone else's key; then 404
    "mfa_edit_webauthn":               logged_in(RD),
    "mfa_login_webauthn":              logged_in(RD),
    # Logins through the municipality's identity provider (OpenID Connect).
    "socialaccount_login_cancelled":   everyone(OK),
    "socialaccount_login_error":       everyone(UNAUTHORISED),
    "socialaccount_signup":            everyone(LOGIN),  # only during a provider login
    "socialaccount_connections":       logged_in(OK),
    "konto/social/login/cancelled/":   everyone(MOVED),  # allauth's old addresses
    "konto/social/login/error/":       everyone(MOVED),
    "konto/social/signup/":            everyone(MOVED),
    "konto/social/connections/":       everyone(MOVED),
    "openid_connect_login":            everyone(OK),  # a page with a button; POST leaves
    "openid_connect_callback":         everyone(UNAUTHORISED),  # no login under way
}

# --- the admin site ---------------------------------------------------------------------------
# Its login and logout are not behind the admin's gate: all nine columns.
#                                     anon   mem_a  mem_b  off_x  off_y  coord  pol    adm_x  super
ADMIN_GATE = {
    "admin:login":                    (OK,    OK,    OK,    RD,    RD,    RD,    OK,    RD,    RD),
    "admin:logout":                   (RD,    RD,    RD,    NA,    NA,    NA,    RD,    NA,    NA),
}
#                                               off_x  off_y  coord  adm_x  super
ADMIN_SITE = {
    "admin:index":                     admin_row(OK,    OK,    OK,    OK,    OK),
    "admin:password_change":           admin_row(OK,    OK,    OK,    OK,    OK),
    "admin:password_change_done":      admin_row(OK,    OK,    OK,    OK,    OK),
    "admin:autocomplete":              admin_row(NO,    NO,    NO,    NO,    NO),
    "admin:jsi18n":                    admin_row(OK,    OK,    OK,    OK,    OK),
    "admin:view_on_site":              admin_row(NF,    NF,    NF,    NF,    NF),
    "admin:app_list":                  admin_row(OK,    OK,    NF,    OK,    OK),  # grants
    "admin/(?P<url>.*)$":              admin_row(NF,    NF,    NF,    NF,    NF),
    "admin:auth_user_password_change": admin_row(NO,    NO,    NO,    NO,    OK),
}

# Custom admin views of the model admins (decide, payout file, review...).
ADMIN_CUSTOM = {
    "admin:organisations_organisation_approve":          admin_row(RD, NF, NO, RD, RD),
    "admin:organisations_organisation_identity_approve": admin_row(RD, NF, NO, RD, RD),
    "admin:organisations_organisation_identity_reject":  admin_row(RD, NF, NO, RD, RD),
    "admin:organisations_organisation_request_changes":  admin_row(OK, NF, NO, OK, OK),
    "admin:organisations_organisation_grant":            admin_row(RD, NF, NO, RD, RD),
    "admin:organisations_organisation_revoke":           admin_row(OK, NF, NO, OK, OK),
    # Representatives (ombud) from a paper fullmakt (#24): the registry's officers.
    "admin:organisations_organisation_representatives":  admin_row(OK, NF, NO, OK, OK),
    "admin:grants_application_completion":               admin_row(OK, NF, NO, OK, OK),
    "admin:grants_application_decide":                   admin_row(OK, NF, NO, OK, OK),
    "admin:grants_application_assess":                   admin_row(OK, NF, NO, OK, OK),
    "admin:grants_application_message":                  admin_row(OK, NF, NO, OK, OK),
    "admin:grants_application_letter":                   admin_row(OK, NF, NO, OK, OK),
    "admin:grants_application_letter_pdf":               admin_row(OK, NF, NO, OK, OK),
    "admin:grants_application_plan":                     admin_row(OK, NF, NO, OK, OK),
    "admin:grants_application_instalment_cancel":        admin_row(OK, NF, NO, OK, OK),
    # Paper applications (#24): begin (no object: each officer's own committees' calls) and
    # type in; the matrix's case is an online one, so the typing page sends back to it.
    "admin:grants_application_paper_start":              admin_row(OK, OK, NO, OK, OK),
    "admin:grants_application_paper":                    admin_row(RD, NF, NO, RD, RD),
    "admin:grants_appropriation_budget":                 admin_row(OK, OK, NO, OK, OK),
    "admin:grants_payoutbatch_file":                     admin_row(OK, NF, NO, OK, OK),
    "admin:grants_payoutbatch_file_xml":                 admin_row(OK, NF, NO, OK, OK),
    "admin:grants_payoutbatch_status":                   admin_row(NA, NA, NA, NA, NA),
    "admin:grants_followupreport_review":                admin_row(OK, NF, NO, OK, OK),
    "admin:grants_repaymentclaim_settle":                admin_row(OK, NF, NO, OK, OK),
    "admin:grants_supplierinvoice_review":               admin_row(OK, NF, NO, OK, OK),
    "admin:grants_supplierinvoice_file":                 admin_row(OK, NF, NO, OK, OK),
    "admin:networks_network_join_decide":                admin_row(NA, NA, NA, NA, NA),
    "admin:networks_meeting_invite":                     admin_row(NO, NF, OK, OK, OK),
    "admin:networks_meeting_attendance":                 admin_row(NO, NF, OK, OK, OK),
    "admin:collaborations_collaboration_document":       admin_row(OK, NF, OK, OK, OK),
    "admin:collaborations_agreement_open_follow_up":     admin_row(OK, NF, OK, OK, OK),
    "admin:collaborations_proposal_decide":              admin_row(NO, NO, OK, OK, OK),
    "admin:collaborations_proposal_take_up":             admin_row(NO, NO, OK, OK, OK),
    # Volunteering, call-outs (#23): the coordinators' steps (officers hold no call-out
    # permission anywhere: 403 before the object is looked up).
    "admin:volunteering_callout_send":                   admin_row(NO, NO, OK, OK, OK),
    "admin:volunteering_callout_inform":                 admin_row(NO, NO, OK, OK, OK),
    "admin:volunteering_callout_close":                  admin_row(NO, NO, OK, OK, OK),
    "admin:volunteering_callout_cancel":                 admin_row(NO, NO, OK, OK, OK),
    "admin:volunteering_callout_reopen":                 admin_row(NO, NO, OK, OK, OK),
    # Volunteering, recognition (#23): publish/withdraw buttons post here (POST only).
    "admin:volunteering_recognition_status":             admin_row(NA, NA, NA, NA, NA),
    # Information (#24): publish/approve/decline/archive buttons post here (POST only).
    "admin:information_page_status":                     admin_row(NA, NA, NA, NA, NA),
    "admin:information_story_status":                    admin_row(NA, NA, NA, NA, NA),
    "admin:information_newsitem_status":                 admin_row(NA, NA, NA, NA, NA),
    # Volunteering, posts (#23): publish/close post here (POST only); the extracts shown
    # and a shift's attendance for the post's hosts (officer X's committee, coordinators).
    "admin:volunteering_post_status":                    admin_row(NA, NA, NA, NA, NA),
    "admin:volunteering_post_extracts":                  admin_row(OK, NF, OK, OK, OK),
    "admin:volunteering_shift_attendance":               admin_row(OK, NF, OK, OK, OK),
    # Advice times (#24): the officer's cancel button posts here (POST only).
    "admin:advice_advicebooking_cancel":                 admin_row(NA, NA, NA, NA, NA),
    # Mailings to segments (#24): the coordinators' preview and steps (officers hold no
    # mailing permission anywhere: 403 before the object is looked up).
    "admin:outreach_mailing_preview":                    admin_row(NO, NO, OK, OK, OK),
    "admin:outreach_mailing_send":                       admin_row(NO, NO, OK, OK, OK),
    "admin:outreach_mailing_cancel":                     admin_row(NO, NO, OK, OK, OK),
    # Surveys and consultations (#24): the coordinators' steps (officers hold no survey
    # permission anywhere: 403 before the object is looked up).
    "admin:surveys_survey_send":                         admin_row(NO, NO, OK, OK, OK),
    "admin:surveys_survey_close":                        admin_row(NO, NO, OK, OK, OK),
    "admin:surveys_survey_cancel":                       admin_row(NO, NO, OK, OK, OK),
    "admin:surveys_survey_reopen":                       admin_row(NO, NO, OK, OK, OK),
}

ALL_OK = (OK, OK, OK, OK, OK)
ALL_NO = (NO, NO, NO, NO, NO)

ADMIN_MODELS = {
    **superuser_only_admin("auth.group"),
    **superuser_only_admin("account.emailaddress"),
    **superuser_only_admin("django_celery_beat.periodictask"),
    **superuser_only_admin("django_celery_beat.clockedschedule"),
    **superuser_only_admin("django_celery_beat.crontabschedule"),
    **superuser_only_admin("django_celery_beat.solarschedule"),
    **superuser_only_admin("django_celery_beat.intervalschedule"),
    **superuser_only_admin("portal.user"),
    **superuser_only_admin("mfa.authenticator"),
    **superuser_only_admin("socialaccount.socialapp"),
    **superuser_only_admin("socialaccount.socialaccount"),
    **superuser_only_admin("socialaccount.socialtoken"),
    **superuser_only_admin("portal.municipality"),
    #                                  off_x  off_y  coord  adm_x  super
    **model_admin("portal.committee",
        changelist=                   (OK,    OK,    NO,    OK,    OK),
        add=                          (NO,    NO,    NO,    OK,    OK),
        change=                       (OK,    NF,    NO,    OK,    OK),
        delete=                       (NO,    NO,    NO,    OK,    OK),
        history=                      (OK,    NF,    NO,    OK,    OK)),
    **model_admin("portal.administration",
        changelist=                    ALL_OK,
        add=                          (NO,    NO,    NO,    OK,    OK),
        change=                       (OK,    NF,    OK,    OK,    OK),
        delete=                       (NO,    NO,    NO,    OK,    OK),
        history=                      (OK,    NF,    OK,    OK,    OK)),
    **model_admin("portal.district",
        changelist=                    ALL_OK,
        add=                          (NO,    NO,    NO,    OK,    OK),
        change=                       (OK,    NF,    OK,    OK,    OK),
        delete=                       (NO,    NO,    NO,    OK,    OK),
        history=                      (OK,    NF,    OK,    OK,    OK)),
    **model_admin("portal.focusarea",
        changelist=                    ALL_OK,
        add=                          (NO,    NO,    NO,    OK,    OK),
        change=                       (OK,    NF,    OK,    OK,    OK),
        delete=                       (NO,    NO,    NO,    OK,    OK),
        history=                      (OK,    NF,    OK,    OK,    OK)),
    **model_admin("portal.targetgroup",
        changelist=                    ALL_OK,
        add=                          (NO,    NO,    NO,    OK,    OK),
        change=                       (OK,    NF,    OK,    OK,    OK),
        delete=                       (NO,    NO,    NO,    OK,    OK),
        history=                      (OK,    NF,    OK,    OK,    OK)),
    **model_admin("portal.roleassignment",  # assigned or revoked, never edited: view only
        changelist=                   (NO,    NO,    NO,    OK,    OK),
        add=                          (NO,    NO,    NO,    OK,    OK),
        change=                       (NO,    NO,    NO,    OK,    OK),
        delete=                       (NO,    NO,    NO,    OK,    OK),
        history=                      (NO,    NF,    NO,    OK,    OK)),
    **model_admin("portal.auditevent",  # read-only for everyone
        changelist=                   (OK,    OK,    NO,    OK,    OK),
        add=                           ALL_NO,
        change=                       (OK,    NF,    NO,    OK,    OK),
        delete=                        ALL_NO,
        history=                      (OK,    NF,    NO,    OK,    OK)),
    **model_admin("portal.notification",
        changelist=                   (OK,    OK,    NO,    OK,    OK),
        add=                           ALL_NO,
        change=                       (OK,    NF,    NO,    OK,    OK),
        delete=                        ALL_NO,
        history=                      (OK,    NF,    NO,    OK,    OK)),
    **model_admin("portal.reminderpolicy",
        changelist=                   (OK,    OK,    NO,    OK,    OK),
        add=                          (NO,    NO,    NO,    OK,    OK),
        change=                       (OK,    NF,    NO,    OK,    OK),
        delete=                       (NO,    NO,    NO,    NO,    OK),
        history=                      (OK,    NF,    NO,    OK,    OK)),
    **model_admin("organisations.organisation",  # officers register those not online (#24)
        changelist=                    ALL_OK,
        add=                          (OK,    OK,    NO,    OK,    OK),
        change=                       (OK,    NF,    OK,    OK,    OK),
        delete=                       (NO,    NO,    NO,    NO,    OK),
        history=                      (OK,    NF,    OK,    OK,    OK)),
    **model_admin("organisations.payoutaccount",
        changelist=                   (OK,    OK,    NO,    OK,    OK),
        add=                          (OK,    OK,    NO,    OK,    OK),
        change=                       (OK,    NF,    NO,    OK,    OK),
        delete=                        ALL_NO,
        history=                      (OK,    NF,    NO,    OK,    OK)),
    **model_admin("organisations.registrypolicy",
        changelist=                   (NO,    NO,    NO,    OK,    OK),
        add=                          (NO,    NO,    NO,    OK,    OK),
        change=                       (NO,    NO,    NO,    OK,    OK),
        delete=                       (NO,    NO,    NO,    NO,    OK),
        history=                      (NO,    NF,    NO,    OK,    OK)),
    **model_admin("organisations.activityarea",  # shared by all municipalities
        changelist=                   (OK,    OK,    NO,    OK,    OK),
        add=                          (NO,    NO,    NO,    NO,    OK),
        change=                       (OK,    OK,    NO,    OK,    OK),
        delete=                       (NO,    NO,    NO,    NO,    OK),
        history=                      (OK,    OK,    NO,    OK,    OK)),
    **model_admin("grants.grantprogramme",
        changelist=                   (OK,    OK,    NO,    OK,    OK),
        add=                          (NO,    NO,    NO,    OK,    OK),
        change=                       (OK,    NF,    NO,    OK,    OK),
        delete=                       (NO,    NO,    NO,    OK,    OK),
        history=                      (OK,    NF,    NO,    OK,    OK)),
    **model_admin("grants.call",
        changelist=                   (OK,    OK,    NO,    OK,    OK),
        add=                          (NO,    NO,    NO,    OK,    OK),
        change=                       (OK,    NF,    NO,    OK,    OK),
        delete=                       (NO,    NO,    NO,    OK,    OK),
        history=                      (OK,    NF,    NO,    OK,    OK)),
    **model_admin("grants.appropriation",  # anslag: set up by municipal admins
        changelist=                   (OK,    OK,    NO,    OK,    OK),
        add=                          (NO,    NO,    NO,    OK,    OK),
        change=                       (OK,    NF,    NO,    OK,    OK),
        delete=                       (NO,    NO,    NO,    OK,    OK),
        history=                      (OK,    NF,    NO,    OK,    OK)),
    **model_admin("grants.application",  # cases arrive from applicants, never deleted
        changelist=                   (OK,    OK,    NO,    OK,    OK),
        add=                           ALL_NO,
        change=                       (OK,    NF,    NO,    OK,    OK),
        delete=                        ALL_NO,
        history=                      (OK,    NF,    NO,    OK,    OK)),
    **model_admin("grants.payoutbatch",
        changelist=                   (OK,    OK,    NO,    OK,    OK),
        add=                           ALL_NO,
        change=                       (OK,    NF,    NO,    OK,    OK),
        delete=                        ALL_NO,
        history=                      (OK,    NF,    NO,    OK,    OK)),
    **model_admin("grants.followupreport",
        changelist=                   (OK,    OK,    NO,    OK,    OK),
        add=                           ALL_NO,
        change=                       (OK,    NF,    NO,    OK,    OK),
        delete=                        ALL_NO,
        history=                      (OK,    NF,    NO,    OK,    OK)),
    **model_admin("grants.hostagreement",  # answered by the host in the portal: read here
        changelist=                   (OK,    OK,    NO,    OK,    OK),
        add=                           ALL_NO,
        change=                       (OK,    NF,    NO,    OK,    OK),
        delete=                        ALL_NO,
        history=                      (OK,    NF,    NO,    OK,    OK)),
    **model_admin("grants.supplierinvoice",  # sent in by the group, reviewed by the officer
        changelist=                   (OK,    OK,    NO,    OK,    OK),
        add=                           ALL_NO,
        change=                       (OK,    NF,    NO,    OK,    OK),
        delete=                        ALL_NO,
        history=                      (OK,    NF,    NO,    OK,    OK)),
    **model_admin("grants.repaymentclaim",
        changelist=                   (OK,    OK,    NO,    OK,    OK),
        add=                           ALL_NO,
        change=                       (OK,    NF,    NO,    OK,    OK),
        delete=                        ALL_NO,
        history=                      (OK,    NF,    NO,    OK,    OK)),
    **model_admin("networks.network",
        changelist=                    ALL_OK,
        add=                          (NO,    NO,    OK,    OK,    OK),
        change=                       (OK,    NF,    OK,    OK,    OK),
        delete=                       (NO,    NO,    OK,    OK,    OK),
        history=                      (OK,    NF,    OK,    OK,    OK)),
    # Officers hold no permission on members, places and documents: 403 in any municipality.
    **model_admin("networks.networkmember",
        changelist=                   (NO,    NO,    OK,    OK,    OK),
        add=                          (NO,    NO,    OK,    OK,    OK),
        change=                       (NO,    NO,    OK,    OK,    OK),
        delete=                       (NO,    NO,    OK,    OK,    OK),
        history=                      (NO,    NF,    OK,    OK,    OK)),
    **model_admin("networks.meetingplace",
        changelist=                   (NO,    NO,    OK,    OK,    OK),
        add=                          (NO,    NO,    OK,    OK,    OK),
        change=                       (NO,    NO,    OK,    OK,    OK),
        delete=                       (NO,    NO,    OK,    OK,    OK),
        history=                      (NO,    NF,    OK,    OK,    OK)),
    **model_admin("networks.networkdocument",  # shared from the portal; here read or removed
        changelist=                   (NO,    NO,    OK,    OK,    OK),
        add=                           ALL_NO,
        change=                       (NO,    NO,    OK,    OK,    OK),
        delete=                       (NO,    NO,    OK,    OK,    OK),
        history=                      (NO,    NF,    OK,    OK,    OK)),
    **model_admin("networks.meeting",
        changelist=                    ALL_OK,
        add=                          (NO,    NO,    OK,    OK,    OK),
        change=                       (OK,    NF,    OK,    OK,    OK),
        delete=                       (NO,    NO,    OK,    OK,    OK),
        history=                      (OK,    NF,    OK,    OK,    OK)),
    **model_admin("networks.action",
        changelist=                    ALL_OK,
        add=                          (NO,    NO,    OK,    OK,    OK),
        change=                       (OK,    NF,    OK,    OK,    OK),
        delete=                       (NO,    NO,    OK,    OK,    OK),
        history=                      (OK,    NF,    OK,    OK,    OK)),
    # The register: officers record and change their administrations' entries (officer X's
    # committee is served by the matrix's administration); nobody deletes an entry.
    **model_admin("collaborations.collaboration",
        changelist=                    ALL_OK,
        add=                           ALL_OK,
        change=                       (OK,    NF,    OK,    OK,    OK),
        delete=                       (NO,    NO,    NO,    NO,    OK),
        history=                      (OK,    NF,    OK,    OK,    OK)),
    **model_admin("collaborations.agreement",
        changelist=                    ALL_OK,
        add=                           ALL_OK,
        change=                       (OK,    NF,    OK,    OK,    OK),
        delete=                       (OK,    NF,    OK,    OK,    OK),
        history=                      (OK,    NF,    OK,    OK,    OK)),
    **model_admin("collaborations.party",  # reached from the agreement
        changelist=                    ALL_OK,
        add=                           ALL_NO,
        change=                       (OK,    NF,    OK,    OK,    OK),
        delete=                       (OK,    NF,    OK,    OK,    OK),
        history=                      (OK,    NF,    OK,    OK,    OK)),
    **model_admin("collaborations.followup",  # opened from the agreement
        changelist=                    ALL_OK,
        add=                           ALL_NO,
        change=                       (OK,    NF,    OK,    OK,    OK),
        delete=                       (NO,    NO,    NO,    NO,    OK),
        history=                      (OK,    NF,    OK,    OK,    OK)),
    **model_admin("collaborations.coapplication",
        changelist=                    ALL_OK,
        add=                           ALL_OK,
        change=                       (OK,    NF,    OK,    OK,    OK),
        delete=                       (OK,    NF,    OK,    OK,    OK),
        history=                      (OK,    NF,    OK,    OK,    OK)),
    **model_admin("collaborations.proposal",  # the coordinators'
        changelist=                   (NO,    NO,    OK,    OK,    OK),
        add=                           ALL_NO,
        change=                       (NO,    NO,    OK,    OK,    OK),
        delete=                        ALL_NO,
        history=                      (NO,    NF,    OK,    OK,    OK)),
    # Volunteering, call-outs (#23): the coordinators'; a sent call-out and every pledge
    # stay on record (only a draft call-out may be deleted).
    **model_admin("volunteering.callout",
        changelist=                   (NO,    NO,    OK,    OK,    OK),
        add=                          (NO,    NO,    OK,    OK,    OK),
        change=                       (NO,    NO,    OK,    OK,    OK),
        delete=                        ALL_NO,
        history=                      (NO,    NF,    OK,    OK,    OK)),
    **model_admin("volunteering.pledge",
        changelist=                   (NO,    NO,    OK,    OK,    OK),
        add=                          (NO,    NO,    OK,    OK,    OK),
        change=                       (NO,    NO,    OK,    OK,    OK),
        delete=                        ALL_NO,
        history=                      (NO,    NF,    OK,    OK,    OK)),
    **model_admin("volunteering.readiness",  # kept by the organisations: read here
        changelist=                   (NO,    NO,    OK,    OK,    OK),
        add=                           ALL_NO,
        change=                       (NO,    NO,    OK,    OK,    OK),
        delete=                        ALL_NO,
        history=                      (NO,    NF,    OK,    OK,    OK)),
    # Volunteering, recognition (#23): the coordinators'; withdrawn, never deleted.
    # Information (#24): pages, goals and contacts are the municipal administrator's;
    # stories and news the coordinators' too. Pages, stories and news are taken back,
    # declined or archived, never deleted.
    **model_admin("information.page",
        changelist=                   (NO,    NO,    NO,    OK,    OK),
        add=                          (NO,    NO,    NO,    OK,    OK),
        change=                       (NO,    NO,    NO,    OK,    OK),
        delete=                        ALL_NO,
        history=                      (NO,    NF,    NO,    OK,    OK)),
    **model_admin("information.focusareagoal",
        changelist=                   (NO,    NO,    NO,    OK,    OK),
        add=                          (NO,    NO,    NO,    OK,    OK),
        change=                       (NO,    NO,    NO,    OK,    OK),
        delete=                       (NO,    NO,    NO,    OK,    OK),
        history=                      (NO,    NF,    NO,    OK,    OK)),
    **model_admin("information.contact",
        changelist=                   (NO,    NO,    NO,    OK,    OK),
        add=                          (NO,    NO,    NO,    OK,    OK),
        change=                       (NO,    NO,    NO,    OK,    OK),
        delete=                       (NO,    NO,    NO,    OK,    OK),
        history=                      (NO,    NF,    NO,    OK,    OK)),
    **model_admin("information.story",
        changelist=                   (NO,    NO,    OK,    OK,    OK),
        add=                          (NO,    NO,    OK,    OK,    OK),
        change=                       (NO,    NO,    OK,    OK,    OK),
        delete=                        ALL_NO,
        history=                      (NO,    NF,    OK,    OK,    OK)),
    **model_admin("information.newsitem",
        changelist=                   (NO,    NO,    OK,    OK,    OK),
        add=                          (NO,    NO,    OK,    OK,    OK),
        change=                       (NO,    NO,    OK,    OK,    OK),
        delete=                        ALL_NO,
        history=                      (NO,    NF,    OK,    OK,    OK)),
    **model_admin("volunteering.recognition",
        changelist=                   (NO,    NO,    OK,    OK,    OK),
        add=                          (NO,    NO,    OK,    OK,    OK),
        change=                       (NO,    NO,    OK,    OK,    OK),
        delete=                        ALL_NO,
        history=                      (NO,    NF,    OK,    OK,    OK)),
    # Volunteering, posts (#23): the hosts' (officer X hosts the matrix administration's
    # posts); a post is closed, never deleted; shifts are added and removed on their post.
    **model_admin("volunteering.post",
        changelist=                    ALL_OK,
        add=                           ALL_OK,
        change=                       (OK,    NF,    OK,    OK,    OK),
        delete=                        ALL_NO,
        history=                      (OK,    NF,    OK,    OK,    OK)),
    **model_admin("volunteering.shift",
        changelist=                    ALL_OK,
        add=                           ALL_NO,
        change=                       (OK,    NF,    OK,    OK,    OK),
        delete=                        ALL_NO,
        history=                      (OK,    NF,    OK,    OK,    OK)),
    # Volunteering, volunteers (#23): the coordinators read the register; the volunteers
    # write and remove their profiles themselves. Skills are the coordinators' list.
    **model_admin("volunteering.volunteer",
        changelist=                   (NO,    NO,    OK,    OK,    OK),
        add=                           ALL_NO,
        change=                       (NO,    NO,    OK,    OK,    OK),
        delete=                        ALL_NO,
        history=                      (NO,    NF,    OK,    OK,    OK)),
    **model_admin("volunteering.skill",
        changelist=                   (NO,    NO,    OK,    OK,    OK),
        add=                          (NO,    NO,    OK,    OK,    OK),
        change=                       (NO,    NO,    OK,    OK,    OK),
        delete=                       (NO,    NO,    OK,    OK,    OK),
        history=                      (NO,    NF,    OK,    OK,    OK)),
    # Advice times (#24): every officer offers advice in their municipality; bookings are
    # made on the portal (none added here) and cancelled, never deleted.
    **model_admin("advice.adviceslot",
        changelist=                   (OK,    OK,    OK,    OK,    OK),
        add=                          (OK,    OK,    OK,    OK,    OK),
        change=                       (OK,    NF,    OK,    OK,    OK),
        delete=                       (OK,    NF,    OK,    OK,    OK),
        history=                      (OK,    NF,    OK,    OK,    OK)),
    **model_admin("advice.advicebooking",
        changelist=                   (OK,    OK,    OK,    OK,    OK),
        add=                           ALL_NO,
        change=                       (OK,    NF,    OK,    OK,    OK),
        delete=                       (NO,    NO,    NO,    NO,    OK),
        history=                      (OK,    NF,    OK,    OK,    OK)),
    # Mailings to segments (#24): the coordinators'; a segment a mailing was written to
    # stays (the matrix's is), a draft mailing may be deleted, a sent one not.
    **model_admin("outreach.segment",
        changelist=                   (NO,    NO,    OK,    OK,    OK),
        add=                          (NO,    NO,    OK,    OK,    OK),
        change=                       (NO,    NO,    OK,    OK,    OK),
        delete=                        ALL_NO,
        history=                      (NO,    NF,    OK,    OK,    OK)),
    **model_admin("outreach.mailing",
        changelist=                   (NO,    NO,    OK,    OK,    OK),
        add=                          (NO,    NO,    OK,    OK,    OK),
        change=                       (NO,    NO,    OK,    OK,    OK),
        delete=                       (NO,    NO,    OK,    OK,    OK),
        history=                      (NO,    NF,    OK,    OK,    OK)),
    # Surveys and consultations (#24): the coordinators'; a sent survey (the matrix's is
    # open) stays on record with its answers, only a draft may be deleted.
    **model_admin("surveys.survey",
        changelist=                   (NO,    NO,    OK,    OK,    OK),
        add=                          (NO,    NO,    OK,    OK,    OK),
        change=                       (NO,    NO,    OK,    OK,    OK),
        delete=                        ALL_NO,
        history=                      (NO,    NF,    OK,    OK,    OK)),
}
# fmt: on

# Pages that only newer releases of a dependency have (the newest-Django run installs the
# newest allowed ones): checked where they exist, not reported as stale where they do not.
NEWER_DEPENDENCIES = {
    "account_request_reauthentication_code": logged_in(OK),  # allauth: reauthenticate by code
    "account_confirm_reauthentication_code": logged_in(RD),
}

MATRIX = {
    **PORTAL,
    **ACCOUNTS,
    **ADMIN_GATE,
    **ADMIN_SITE,
    **ADMIN_CUSTOM,
    **ADMIN_MODELS,
    **NEWER_DEPENDENCIES,
}
