"""Order positions keep the price before discounts and what discounted them (promotions)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0002_desk_escalation_supplier_stats"),
        ("promotions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="orderposition",
            name="price_before_discount",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                max_digits=12,
                null=True,
                verbose_name="price before discount",
            ),
        ),
        migrations.AddField(
            model_name="orderposition",
            name="discount_note",
            field=models.CharField(blank=True, max_length=300, verbose_name="discount"),
        ),
        migrations.AddField(
            model_name="orderposition",
            name="promo_code",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="promotions.promocode",
                verbose_name="promo code",
            ),
        ),
        migrations.AddField(
            model_name="orderposition",
            name="promotion",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="promotions.promotion",
                verbose_name="promotion",
            ),
        ),
    ]
