external_url 'https://gitlab.example.com'

gitlab_rails['smtp_enable'] = true
gitlab_rails['smtp_address'] = "smtp.mailgun.org"
gitlab_rails['smtp_port'] = 465
gitlab_rails['smtp_authentication'] = "plain"
gitlab_rails['smtp_enable_starttls_auto'] = true
gitlab_rails['smtp_tls'] = true
gitlab_rails['smtp_user_name'] = "postmaster@mg.gitlab.example.com"
gitlab_rails['smtp_password'] = "mailgun-password"
gitlab_rails['smtp_domain'] = "mg.gitlab.example.com"
