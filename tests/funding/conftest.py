from decimal import Decimal

import pytest

from funding.models import Grant
from tests.funding.factories import FundingProgramFactory, GrantFactory, ObligationFactory


@pytest.fixture
def program(db):
    return FundingProgramFactory(name="Interkommunales Netzwerk Digitale Stadt", slug="ikone-ds")


@pytest.fixture
def speyer_grant(program, speyer) -> Grant:
    return GrantFactory(
        program=program,
        municipality=speyer,
        purpose="Gründungsförderung Speyer",
        approved_amount=Decimal("60750.00"),
        decision_year=2019,
        file_reference="MdI-2019-SP",
    )


@pytest.fixture
def landau_grant(program, landau) -> Grant:
    return GrantFactory(
        program=program,
        municipality=landau,
        purpose="Förderung Landau",
        approved_amount=Decimal("50000.00"),
        decision_year=2020,
        file_reference="MdI-2020-LD",
    )


@pytest.fixture
def speyer_obligation(speyer_grant):
    return ObligationFactory(grant=speyer_grant)


@pytest.fixture
def landau_obligation(landau_grant):
    return ObligationFactory(grant=landau_grant)
