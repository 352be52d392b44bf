def project_form_data(**overrides) -> dict:
    """A valid POST of the project form (staff: without the lead city field)."""
    data = {
        "title": "Digitale Parkraumbewirtschaftung",
        "summary": "Freie Parkplätze in Echtzeit in einer App.",
        "description": "Sensoren melden **freie Plätze**.",
        "phase": "planung",
        "start_date": "2024-01-01",
        "end_date": "2024-12-31",
        "investment_cost": "12500,50",
        "running_cost_per_year": "800",
        "effort_person_days": "40",
        "is_reusable": "on",
        "licence": "EUPL-1.2",
        "technologies": "LoRaWAN, Python",
        "website": "https://example.org/parken",
        "contact_name": "Erika Muster",
        "contact_email": "erika@example.org",
        "contact_phone": "06232 14-0",
        "action": "save",
    }
    data.update(overrides)
    return data


def api_project_data(**overrides) -> dict:
    data = {
        "title": "Digitale Parkraumbewirtschaftung",
        "summary": "Freie Parkplätze in Echtzeit in einer App.",
        "description": "Sensoren melden **freie Plätze**.",
        "phase": "planung",
        "investment_cost": "12500.50",
    }
    data.update(overrides)
    return data


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []
