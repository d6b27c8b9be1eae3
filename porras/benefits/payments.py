"""The daily payment batch: every scheduled payment due by the day, exported once, under
the next number, as a SEPA credit transfer (pain.001.001.03, validated against its schema)
and as CSV for the county's financial system. The files are stored with the batch, so a
second download is the same file and no payment is ever in two batches."""

import csv
import datetime as dt
import io
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from sepaxml import SepaTransfer

from porras.benefits.models import Payment, PaymentAccount, PaymentBatch
from porras.core import clock
from porras.core.errors import ConflictError, DomainError
from porras.eventlog import services as eventlog
from porras.eventlog.activities import Activity
from porras.people import permissions
from porras.people.models import Role, Worker

SCHEMA = "pain.001.001.03"
FORMATS = ("pain001", "csv")
CSV_COLUMNS = (
    "batch",
    "pay_date",
    "payment_id",
    "decision_id",
    "payee_kind",
    "payee_name",
    "iban",
    "amount",
    "message",
)


def can_export(user: Worker) -> bool:
    """Benefit handlers and their managers run the day's payments."""
    return (
        user.is_authenticated
        and user.is_active
        and user.role
        in (
            Role.BENEFIT_HANDLER,
            Role.MANAGER,
        )
    )


def pending(county, pay_date: dt.date):
    return Payment.objects.filter(county=county, batch__isnull=True, pay_on__lte=pay_date)


def _cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


class _NumberedTransfer(SepaTransfer):
    """The batch's own message id in the group header: the bank refuses a file it has
    already seen, so a second upload of the same batch pays nothing twice."""

    def __init__(self, config, *, message_id: str, **kwargs):
        self._message_id = message_id
        super().__init__(config, **kwargs)

    def _create_header(self):
        self.msg_id = self._message_id
        super()._create_header()


def _pain001(
    account: PaymentAccount, payments: list[Payment], pay_date: dt.date, message_id: str
) -> str:
    transfer = _NumberedTransfer(
        {
            "name": account.name,
            "IBAN": account.iban,
            "BIC": account.bic,
            "batch": True,
            "currency": "EUR",
        },
        message_id=message_id,
        schema=SCHEMA,
        clean=True,
    )
    for payment in payments:
        transfer.add_payment(
            {
                "name": payment.payee_name,
                "IBAN": payment.iban,
                "amount": _cents(payment.amount),
                "execution_date": pay_date,
                "description": payment.message,
                "endtoend_id": payment.pk.hex[:35],
            }
        )
    # sepaxml validates the document against the pain.001.001.03 schema it ships.
    return transfer.export(validate=True, pretty_print=True).decode("utf-8")


def _csv(number: int, payments: list[Payment], pay_date: dt.date) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for p in payments:
        writer.writerow(
            [
                number,
                pay_date.isoformat(),
                p.pk,
                p.decision_id,
                p.payee_kind,
                p.payee_name,
                p.iban,
                f"{p.amount:.2f}",
                p.message,
            ]
        )
    return out.getvalue()


def batch_export(*, county, pay_date: dt.date, acting_user: Worker | None) -> PaymentBatch:
    """Make the day's batch of everything due by `pay_date` not yet paid. A day has one
    batch: asking again is refused, naming the batch to download instead. Without an
    acting user it is the county's scheduled run (`porras payments export`)."""
    if acting_user is not None:
        permissions.require(can_export(acting_user), _("Your role does not export payments."))
    if pay_date < clock.today():
        raise DomainError(_("A payment date cannot be in the past."), field="pay_date")
    account = PaymentAccount.objects.filter(county=county).first()
    if account is None:
        raise DomainError(
            _("The county's payment account is not set: the administrator sets it first.")
        )
    try:
        with transaction.atomic():
            existing = PaymentBatch.objects.filter(county=county, pay_date=pay_date).first()
            if existing is not None:
                raise ConflictError(
                    _("The payments of %(date)s were already exported as batch %(number)s.")
                    % {"date": f"{pay_date:%d.%m.%Y}", "number": existing.number}
                )
            payments = list(
                pending(county, pay_date)
                .select_for_update(of=("self",))
                .select_related("client")
                .order_by("pay_on", "created_at", "pk")
            )
            if not payments:
                raise DomainError(
                    _("Nothing to pay by %(date)s.") % {"date": f"{pay_date:%d.%m.%Y}"}
                )
            number = (
                PaymentBatch.objects.filter(county=county).aggregate(n=Max("number"))["n"] or 0
            ) + 1
            message_id = f"PORRAS-{county.pk.hex[:8]}-{number:06d}"
            batch = PaymentBatch.objects.create(
                county=county,
                number=number,
                pay_date=pay_date,
                lines=len(payments),
                total=sum((p.amount for p in payments), Decimal(0)),
                message_id=message_id,
                pain001=_pain001(account, payments, pay_date, message_id),
                csv=_csv(number, payments, pay_date),
                created_at=clock.now(),
                created_by=acting_user,
            )
            claimed = Payment.objects.filter(
                pk__in=[p.pk for p in payments], batch__isnull=True
            ).update(batch=batch)
            if claimed != len(payments):  # another export took some: pay nothing twice
                raise ConflictError(_("Another export ran at the same time: try again."))
            for payment in payments:
                eventlog.record(
                    activity=Activity.PAYMENT_EXPORTED,
                    county=county,
                    actor=acting_user,
                    client=payment.client,
                    attributes={
                        "batch": number,
                        "payment": str(payment.pk),
                        "decision": str(payment.decision_id),
                        "amount": f"{payment.amount:.2f}",
                    },
                )
            return batch
    except IntegrityError:
        raise ConflictError(_("Another export ran at the same time: try again.")) from None


def batch_file(batch: PaymentBatch, file_format: str) -> tuple[str, str, str]:
    """(content, content type, file name) of one of the batch's stored files."""
    if file_format == "csv":
        return batch.csv, "text/csv; charset=utf-8", f"maksuerä-{batch.number}.csv"
    if file_format == "pain001":
        return batch.pain001, "application/xml", f"maksuerä-{batch.number}.xml"
    raise DomainError(_("Choose the file format."), field="format")
