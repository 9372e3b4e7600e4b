import datetime

from django.db import migrations

# A copy, not an import: a migration must not change when the model module does.
DEFAULT_WEEK = {
    day: (datetime.time(9, 0), datetime.time(18, 0)) if day < 5 else None for day in range(7)
}


def create_defaults(apps, schema_editor):
    ShopSettings = apps.get_model("shop", "ShopSettings")
    WorkingHours = apps.get_model("shop", "WorkingHours")
    ShopSettings.objects.get_or_create(pk=1)
    for weekday, hours in DEFAULT_WEEK.items():
        WorkingHours.objects.get_or_create(
            weekday=weekday,
            defaults={
                "is_working": hours is not None,
                "opens_at": hours[0] if hours else None,
                "closes_at": hours[1] if hours else None,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
