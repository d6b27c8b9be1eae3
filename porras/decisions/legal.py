"""The maintained list of legal bases a decision may cite. A decision stores the codes;
the reader's language makes the label. Add a provision here before a decision uses it."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class LegalBasis:
    code: str
    label: object


LEGAL_BASES = {
    basis.code: basis
    for basis in (
        LegalBasis("tttl_1", _("Act on Income Support 1412/1997, section 1 (purpose)")),
        LegalBasis("tttl_2", _("Act on Income Support, section 2 (right to income support)")),
        LegalBasis("tttl_7c", _("Act on Income Support, section 7 c (supplementary support)")),
        LegalBasis("tttl_13", _("Act on Income Support, section 13 (preventive support)")),
        LegalBasis("shl_45", _("Social Welfare Act 1301/2014, section 45 (decisions)")),
        LegalBasis(
            "shl_46",
            _("Social Welfare Act, section 46 (essential decisions for special support need)"),
        ),
        LegalBasis(
            "hl_45", _("Administrative Procedure Act 434/2003, section 45 (reasons for decisions)")
        ),
    )
}
