from showrunner.checks import check_backend


def messages(settings, **configured):
    for name, value in configured.items():
        setattr(settings, name, value)
    return [(problem.id, problem.msg) for problem in check_backend(None)]


def test_the_offline_default_needs_nothing(settings):
    assert messages(settings, SHOWRUNNER_BACKEND="offline") == []


def test_an_unknown_backend_stops_every_command_with_the_choices(settings):
    [(code, text)] = messages(settings, SHOWRUNNER_BACKEND="gpt")
    assert code == "showrunner.E001" and "offline, anthropic, openai" in text


def test_a_model_backend_without_its_settings_warns_that_scripts_will_be_offline(settings):
    [(code, text)] = messages(settings, SHOWRUNNER_BACKEND="anthropic", ANTHROPIC_API_KEY="")
    assert code == "showrunner.W001" and "ANTHROPIC_API_KEY" in text
    assert (
        len(
            messages(
                settings,
                SHOWRUNNER_BACKEND="openai",
                SHOWRUNNER_MODEL="",
                OPENAI_API_KEY="",
                OPENAI_BASE_URL="",
            )
        )
        == 2
    )
    assert (
        messages(
            settings,
            SHOWRUNNER_BACKEND="openai",
            SHOWRUNNER_MODEL="m",
            OPENAI_BASE_URL="http://x/v1",
        )
        == []
    )
