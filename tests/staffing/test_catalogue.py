import pytest
from django.core.management import call_command

from staffing.catalogue import ROLES, roles_ensure
from staffing.models import StaffRole

pytestmark = pytest.mark.django_db


def test_missing_roles_come_back_and_edited_ones_stay():
    StaffRole.objects.filter(code="editor").delete()
    StaffRole.objects.filter(code="finance").update(name_en="Accounts")
    assert roles_ensure() == 1
    assert StaffRole.objects.count() == len(ROLES) == 7
    assert StaffRole.objects.get(code="finance").name_en == "Accounts"
    assert StaffRole.objects.get(code="editor").name_zh == "编辑"
    assert roles_ensure() == 0


def test_migrate_restores_the_catalogue():
    StaffRole.objects.all().delete()
    call_command("migrate", verbosity=0)
    assert set(StaffRole.objects.values_list("code", flat=True)) == {row[0] for row in ROLES}
