<?php

use Symfony\Config\FrameworkConfig;
use function Symfony\Component\DependencyInjection\Loader\Configurator\env;

return static function (FrameworkConfig $framework): void {
    $mailer = $framework->mailer();
    $mailer->dsn(env('MAILER_DSN'));
    $framework->mailer()->transport('ses', 'ses+smtp://ACCESS_KEY:SECRET_KEY@default?region=eu-west-1');
    $framework->mailer()->transport('relay', 'smtps://relay.example.com');
};
