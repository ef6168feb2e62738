"""The grants app in the admin: configuration, the case list, payouts and reports."""

from django.contrib import admin

from grants.admin.appropriations import AppropriationAdmin
from grants.admin.cases import ApplicationAdmin
from grants.admin.hosts import HostAgreementAdmin
from grants.admin.invoices import SupplierInvoiceAdmin
from grants.admin.payouts import PayoutBatchAdmin
from grants.admin.programmes import CallAdmin, GrantProgrammeAdmin
from grants.admin.reports import FollowUpReportAdmin, RepaymentClaimAdmin
from grants.models import Application

admin.site.register(Application, ApplicationAdmin)

__all__ = [
    "ApplicationAdmin",
    "AppropriationAdmin",
    "CallAdmin",
    "FollowUpReportAdmin",
    "GrantProgrammeAdmin",
    "HostAgreementAdmin",
    "PayoutBatchAdmin",
    "RepaymentClaimAdmin",
    "SupplierInvoiceAdmin",
]
