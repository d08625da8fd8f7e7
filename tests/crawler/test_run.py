

def test_the_store_url_goes_to_the_child_in_its_environment_not_its_command_line():
    """A store URL may hold a password, and any local user can read a command line."""
    from crawler.run import crawl_argv, crawl_env

    settings = {"THERAPIST_FINDER_STORE": "elasticsearch://elastic:S3cret@localhost:9200",
                "LOG_LEVEL": "INFO"}
    argv = crawl_argv("nppes", {"state": "NY"}, settings)
    assert not any("S3cret" in part for part in argv)
    assert "LOG_LEVEL=INFO" in argv
    env = crawl_env(settings)
    assert env["THERAPIST_FINDER_CRAWL_STORE"] == settings["THERAPIST_FINDER_STORE"]
    assert "THERAPIST_FINDER_CRAWL_STORE" not in crawl_env({"LOG_LEVEL": "INFO"})
