<?php

declare(strict_types=1);

use Symfony\Component\DependencyInjection\Loader\Configurator\ContainerConfigurator;

return static function (ContainerConfigurator $containerConfigurator): void {
    $containerConfigurator->extension('framework', [
        'mailer' => [
            'dsn' => 'smtps://postmaster%40mg.example.org:key-123@smtp.mailgun.org:2525',
        ],
    ]);
};
