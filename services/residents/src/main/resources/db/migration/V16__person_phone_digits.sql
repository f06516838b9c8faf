-- The hotline's phone lookup (POST /api/residents/lookup/phone) compares digits: a landline may be stored with a
-- dash after its area code (Codes.PHONE), a caller's number arrives without one.
CREATE INDEX person_phone_digits ON person (replace(phone, '-', '')) WHERE phone IS NOT NULL;
