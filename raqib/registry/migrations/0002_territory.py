"""Load the 24 governorates, their delegations and the default region tags."""

from django.db import migrations


def load(apps, schema_editor):
    from raqib.registry import reference_data as ref

    Governorate = apps.get_model("registry", "Governorate")
    Delegation = apps.get_model("registry", "Delegation")
    RegionTag = apps.get_model("registry", "RegionTag")
    governorates = ref.read_governorates()
    by_iso = {}
    for row in governorates:
        gov, _ = Governorate.objects.update_or_create(
            iso_code=row["iso_3166_2"],
            defaults={
                "ins_code": row["ins_code"],
                "name_ar": row["name_ar"],
                "name_fr": row["name_fr"],
                "district_2023": int(row["district_2023"]),
                "ins_region": row["ins_region"],
            },
        )
        by_iso[gov.iso_code] = gov
    for row in ref.read_delegations():
        Delegation.objects.update_or_create(
            code=row["ins_delegation_code"],
            defaults={
                "governorate": by_iso[row["iso_governorate"]],
                "name_ar": row["name_ar"],
                "name_fr": row["name_fr"],
            },
        )
    for tag in ref.region_tags(governorates):
        obj, _ = RegionTag.objects.update_or_create(
            code=tag["code"], defaults={"name_ar": tag["name_ar"], "name_fr": tag["name_fr"]}
        )
        obj.governorates.set([by_iso[iso] for iso in tag["members"]])


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
