"""Staff roles: Django groups, each with its permissions (created by `roles_ensure`)."""

_MANAGER = [
    "view_ledger",
    "record_cash",
    "view_customer",
    "change_customer",
    "view_part",
    "view_offer",
    "view_supplier",
]


class Role:
    MANAGER = "manager"
    SENIOR_MANAGER = "senior_manager"
    WAREHOUSE = "warehouse"
    ADMINISTRATOR = "administrator"

    PERMISSIONS = {
        MANAGER: _MANAGER,
        SENIOR_MANAGER: [
            *_MANAGER,
            "view_all_customers",
            "reassign_manager",
            "run_import",
            "view_importprofile",
            "change_importprofile",
            "view_ledger",
            "record_cash",
            "approve_withdrawal",
            "import_bank_statement",
            "manage_promotions",
        ],
        WAREHOUSE: ["view_part", "view_offer", "view_supplier", "view_warehouse", "record_cash"],
        ADMINISTRATOR: [
            *_MANAGER,
            "view_all_customers",
            "reassign_manager",
            "block_customer",
            "view_user",
            "change_user",
            "view_auditentry",
            "change_supplier",
            "change_offer",
            "change_brand",
            "add_brand",
            "change_part",
            "add_part",
            "add_exchangerate",
            "view_exchangerate",
            "view_warehouse",
            "change_warehouse",
            "add_publicoffer",
            "change_publicoffer",
            "view_publicoffer",
            "run_import",
            "view_importprofile",
            "change_importprofile",
            "view_ledger",
            "record_cash",
            "approve_withdrawal",
            "import_bank_statement",
            "correct_balance",
            "set_credit_terms",
            "manage_promotions",
        ],
    }
