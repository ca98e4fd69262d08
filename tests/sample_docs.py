"""Small documents of our own writing that several CLI tests share."""

# A release procedure (English) that lacks its rollback chapter: REL001, fixable.
RELEASE_WITHOUT_ROLLBACK = """# Release Procedure

## 1. Release overview
Version 3.1.0 of the ordering service, shipped in one maintenance window.

## 2. Preparation (T-1 day)
The operator checks last night's backup and announces the window.

## 3. Release day steps (T-0)
The operator deploys the new image and watches the error rate.

## 5. Post-release checks
Dashboards are watched for thirty minutes after the switch.

## 6. Contacts
Sato (on-call), Suzuki (approver)
"""
